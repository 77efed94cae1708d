import type { Group } from '@roster/core';
import { assertWithinLimit, SafetyLimitError } from './deactivate-missing.ts';
import type { SyncContext } from './sync-context.ts';

const PER_TRANSACTION = 50;

/**
 * After a complete full enumeration: the IAM's directory groups (those with an externalId, made
 * or matched by a sync) that the directory no longer has. Groups an administrator made in Roster
 * are never touched. Same safety rules as deactivation: refused when the directory returned no
 * groups while Roster holds some, or beyond the IAM's share limit unless the run is forced.
 */
export async function planGroupDeletion(ctx: SyncContext): Promise<Group[]> {
  const groups = await ctx.roster.read((repos) => repos.bulk.directoryGroups(ctx.iam.id));
  const missing = groups.filter((group) => !ctx.seenGroupIds.has(group.id));
  if (missing.length === 0) return missing;
  if (ctx.seenGroupIds.size === 0) {
    throw new SafetyLimitError(
      `The directory returned no groups while Roster holds ${groups.length} directory groups of IAM "${ctx.iam.id}"; no group was deleted and nobody was deactivated. Check the group base DN and filter.`,
    );
  }
  assertWithinLimit(ctx, missing.length, groups.length, 'delete', 'directory groups', 'no group was deleted and nobody was deactivated');
  return missing;
}

/** Deletes the planned groups: members lose the memberships and the permissions they gave; one event each. */
export async function deleteGroups(ctx: SyncContext, missing: readonly Group[]): Promise<void> {
  for (let i = 0; i < missing.length; i += PER_TRANSACTION) {
    const batch = missing.slice(i, i + PER_TRANSACTION);
    await ctx.roster.transaction(async (ops) => {
      for (const group of batch) await ops.deleteGroup(group.id);
      ctx.counts.groupsDeleted += batch.length;
      await ops.recordSyncProgress(ctx.run.id, { ...ctx.counts }, { phase: 'group deletion' });
    });
  }
}
