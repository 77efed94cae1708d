import type { ChangeContext } from '../context.ts';
import type { SyncMode, SyncRun } from '../model.ts';
import { startSyncRun } from './sync-run-ops.ts';

/** How many recent runs a schedule decision sees (enough to count a streak of failures). */
export const SCHEDULE_HISTORY = 20;

/**
 * Decides from an IAM's recent runs (newest first) whether a scheduled run is due now, and in
 * which mode; null when it is not due.
 */
export type ScheduleDecision = (recentRuns: readonly SyncRun[]) => SyncMode | null;

/**
 * Starts a scheduled sync run unless another process already did for this tick. The IAM row is
 * locked (SELECT ... FOR UPDATE) while the recent runs are read and the run is inserted, so
 * workers in several processes that tick together start at most one run per IAM per tick: the
 * others see the new run and decide it is not due. Returns null when no run was started.
 */
export async function claimScheduledSyncRun(ctx: ChangeContext, iamId: string, decide: ScheduleDecision): Promise<SyncRun | null> {
  const iam = await ctx.tx.iams.lock(iamId);
  if (!iam || iam.type !== 'LDAP' || !iam.enabled) return null;
  const recent = await ctx.tx.syncRuns.list(iamId, SCHEDULE_HISTORY);
  if (recent.some((run) => run.status === 'RUNNING')) return null;
  const mode = decide(recent);
  return mode ? startSyncRun(ctx, iamId, { mode, trigger: 'SCHEDULE' }) : null;
}
