import type { SyncContext } from './sync-context.ts';

const PAGE = 5_000;
const PER_TRANSACTION = 200;

/** The run would deactivate or delete more than the safety rules allow; nothing was changed. */
export class SafetyLimitError extends Error {
  override readonly name = 'SafetyLimitError';
}

/**
 * After a complete full enumeration: the IAM's active users the directory no longer returned.
 * Refuses (SafetyLimitError) when the directory returned no users while Roster holds active ones,
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
  if (missing.length === 0) return missing;
  if (ctx.seenUserIds.size === 0) {
    throw new SafetyLimitError(
      `The directory returned no users while Roster holds ${active} active users of IAM "${ctx.iam.id}"; nobody was deactivated. Check the base DN and filters.`,
    );
  }
  assertWithinLimit(ctx, missing.length, active, 'deactivate', 'active users', 'nobody was deactivated');
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

/** Refuses a share of `total` above the IAM's limit unless an administrator forced the run. */
export function assertWithinLimit(ctx: SyncContext, count: number, total: number, verb: string, noun: string, outcome: string): void {
  const limit = ctx.config.sync.deactivationLimitPercent;
  const share = (count / total) * 100;
  if (share > limit && !ctx.force) {
    throw new SafetyLimitError(
      `The run would ${verb} ${count} of ${total} ${noun} (${share.toFixed(1)}%), more than the limit of ${limit}%; ${outcome}. An administrator can force the run.`,
    );
  }
}
