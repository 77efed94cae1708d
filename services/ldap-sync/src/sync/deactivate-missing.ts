import { assertWithinSafetyLimit, type RetiredKind } from '@roster/core';
import type { SyncContext } from './sync-context.ts';

const PAGE = 5_000;
const PER_TRANSACTION = 200;

/**
 * After a complete full enumeration: the IAM's active users the directory no longer returned.
 * Refuses (core's SAFETY_LIMIT) when the directory returned no users while Roster holds active ones,
 * or when the share exceeds the IAM's limit and the run is not forced. Reads ids only, a page at a time.
 */
export async function planDeactivation(ctx: SyncContext): Promise<string[]> {
  const missing: string[] = [];
  let active = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.roster.read((repos) => repos.bulk.activeUserIds(ctx.iam.id, { afterId, limit: PAGE }));
    active += page.length;
    for (const id of page) if (!ctx.seenUserIds.has(id)) missing.push(id);
    if (page.length < PAGE) break;
    afterId = page.at(-1)!;
  }
  checkSafetyLimit(ctx, 'users', { missing: missing.length, held: active, seen: ctx.seenUserIds.size });
  return missing;
}

/** Deactivates (and marks deprovisioned) the planned users, with their events, in batches. */
export async function deactivateUsers(ctx: SyncContext, missing: readonly string[]): Promise<void> {
  for (let i = 0; i < missing.length; i += PER_TRANSACTION) {
    await ctx.roster.transaction(async (ops) => {
      for (const id of missing.slice(i, i + PER_TRANSACTION)) await ops.removeUser(id);
      ctx.counts.usersDeactivated += Math.min(PER_TRANSACTION, missing.length - i);
      await ops.recordSyncProgress(ctx.run.id, { ...ctx.counts }, { phase: 'deactivation' });
    });
  }
}

/** Core's safety rule with this run's IAM, limit and force flag. */
export function checkSafetyLimit(ctx: SyncContext, kind: RetiredKind, counts: { missing: number; held: number; seen: number }): void {
  assertWithinSafetyLimit({ kind, iamId: ctx.iam.id, ...counts, limitPercent: ctx.config.sync.deactivationLimitPercent, force: ctx.force });
}
