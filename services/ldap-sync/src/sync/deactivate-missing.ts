import type { SyncContext } from './sync-context.ts';

const PAGE = 1000;
const PER_TRANSACTION = 200;

/** The run would deactivate more than the safety rules allow; nothing was deactivated. */
export class SafetyLimitError extends Error {
  override readonly name = 'SafetyLimitError';
}

/**
 * After a complete full enumeration, deactivates (and marks deprovisioned) the IAM's active users
 * the directory no longer returned. Refuses, deactivating no one, when the directory returned no
 * users while Roster holds active ones, or when the share exceeds the IAM's limit and the run is not forced.
 */
export async function deactivateMissingUsers(ctx: SyncContext): Promise<void> {
  const missing: string[] = [];
  let active = 0;
  let afterId: string | undefined;
  for (;;) {
    const page = await ctx.roster.read((repos) => repos.users.listPage(ctx.iam.id, { afterId, limit: PAGE }));
    for (const user of page) {
      if (!user.active) continue;
      active += 1;
      if (!ctx.seenUserIds.has(user.id)) missing.push(user.id);
    }
    if (page.length < PAGE) break;
    afterId = page.at(-1)!.id;
  }
  if (missing.length === 0) return;
  if (ctx.seenUserIds.size === 0) {
    throw new SafetyLimitError(`The directory returned no users while Roster holds ${active} active users of IAM "${ctx.iam.id}"; nobody was deactivated. Check the base DN and filters.`);
  }
  const limit = ctx.config.sync.deactivationLimitPercent;
  const share = (missing.length / active) * 100;
  if (share > limit && !ctx.force) {
    throw new SafetyLimitError(
      `The run would deactivate ${missing.length} of ${active} active users (${share.toFixed(1)}%), more than the limit of ${limit}%; nobody was deactivated. An administrator can force the run.`,
    );
  }
  for (let i = 0; i < missing.length; i += PER_TRANSACTION) {
    await ctx.roster.transaction(async (ops) => {
      for (const id of missing.slice(i, i + PER_TRANSACTION)) await ops.removeUser(id);
      ctx.counts.usersDeactivated += Math.min(PER_TRANSACTION, missing.length - i);
      await ops.recordSyncProgress(ctx.run.id, { ...ctx.counts }, { phase: 'deactivation' });
    });
  }
}
