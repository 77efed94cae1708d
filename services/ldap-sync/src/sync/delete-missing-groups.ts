import type { Group } from '@roster/core';
import { checkSafetyLimit } from './deactivate-missing.ts';
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
  checkSafetyLimit(ctx, 'groups', { missing: missing.length, held: groups.length, seen: ctx.seenGroupIds.size });
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
