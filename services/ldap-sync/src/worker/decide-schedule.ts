import { Cron } from 'croner';
import type { LdapConfig, SyncMode, SyncRun } from '@roster/core';

/** How failed scheduled runs are retried: base delay doubling per failure, capped. */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Whether a scheduled run is due at `now`, from the IAM's recent runs (newest first), and in which
 * mode. Due at the first cron tick after the last run started; after failures, at the backoff
 * instant instead (base · 2^(failures−1), capped), so a broken directory is retried soon but not
 * hammered. FULL when no full run succeeded within the full-sync interval, DELTA otherwise. The
 * state lives in the runs table, so schedules survive restarts.
 */
export function decideScheduledRun(config: LdapConfig, recent: readonly SyncRun[], now: Date, retry: RetryPolicy): SyncMode | null {
  const mode = chooseMode(config, recent, now);
  const last = recent[0];
  if (!last) return mode;
  const failures = recent.findIndex((run) => run.status !== 'FAILED');
  const streak = failures === -1 ? recent.length : failures;
  if (streak > 0) {
    const delay = Math.min(retry.baseMs * 2 ** (streak - 1), retry.maxMs);
    return now.getTime() >= (last.finishedAt ?? last.startedAt).getTime() + delay ? mode : null;
  }
  const next = new Cron(config.sync.schedule, { paused: true }).nextRun(last.startedAt);
  return next && now.getTime() >= next.getTime() ? mode : null;
}

/** FULL unless a full run succeeded within the IAM's full-sync interval. */
export function chooseMode(config: LdapConfig, recent: readonly SyncRun[], now: Date): SyncMode {
  const lastFull = recent.find((run) => run.status === 'SUCCEEDED' && run.mode === 'FULL');
  if (!lastFull) return 'FULL';
  return now.getTime() - lastFull.startedAt.getTime() >= config.sync.fullSyncIntervalHours * 3_600_000 ? 'FULL' : 'DELTA';
}

/** The instant a delta run reads changes from: the last successful run's start, less an overlap for clock skew. */
export function deltaSince(recent: readonly SyncRun[], overlapMs: number): Date | null {
  const last = recent.find((run) => run.status === 'SUCCEEDED');
  return last ? new Date(last.startedAt.getTime() - overlapMs) : null;
}

/**
 * Active Directory: the uSNChanged a delta run reads from — one above the highest the last
 * successful run saw — or null when that run recorded none (not AD, or an older run).
 */
export function deltaSinceUsn(recent: readonly SyncRun[]): bigint | null {
  const highest = recent.find((run) => run.status === 'SUCCEEDED')?.counts.highestUsnChanged;
  return highest && /^\d+$/.test(highest) ? BigInt(highest) + 1n : null;
}

/** Throws a clear error when the cron expression is invalid. */
export function assertValidSchedule(expression: string): void {
  new Cron(expression, { paused: true }).stop();
}
