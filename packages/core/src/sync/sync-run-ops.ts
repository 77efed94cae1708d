import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { requireIamIn } from '../lookups.ts';
import type { SyncCounts, SyncFailure, SyncMode, SyncRun, SyncTrigger } from '../model.ts';

/** Counts of a run that has not done anything yet. */
export const ZERO_SYNC_COUNTS: SyncCounts = {
  usersCreated: 0,
  usersUpdated: 0,
  usersDeactivated: 0,
  usersReactivated: 0,
  usersUnchanged: 0,
  groupsCreated: 0,
  groupsUpdated: 0,
  groupsDeleted: 0,
  groupsUnchanged: 0,
};

/** Starts a sync run of an LDAP IAM; only one runs per IAM at a time. */
export async function startSyncRun(
  ctx: ChangeContext,
  iamId: string,
  options: { readonly mode: SyncMode; readonly trigger: SyncTrigger },
): Promise<SyncRun> {
  await ctx.tx.iams.lock(iamId);
  const iam = await requireIamIn(ctx.tx, iamId);
  if (iam.type !== 'LDAP')
    throw new RosterError('VALIDATION_FAILED', `IAM "${iamId}" is not an LDAP IAM; only LDAP IAMs sync.`, { details: { iamId } });
  const running = await ctx.tx.syncRuns.findRunning(iamId);
  if (running) {
    throw new RosterError(
      'SYNC_ALREADY_RUNNING',
      `A ${running.mode.toLowerCase()} sync of IAM "${iamId}" is running since ${running.startedAt.toISOString()}.`,
      {
        details: { iamId, syncRunId: running.id },
      },
    );
  }
  const run: SyncRun = {
    id: ctx.deps.random.uuid(),
    iamId,
    mode: options.mode,
    trigger: options.trigger,
    status: 'RUNNING',
    counts: ZERO_SYNC_COUNTS,
    error: null,
    failure: null,
    startedAt: ctx.deps.clock.now(),
    finishedAt: null,
    heartbeatAt: ctx.deps.clock.now(),
  };
  await ctx.tx.syncRuns.insert(run);
  ctx.record({
    type: 'SYNC_RUN_STARTED',
    iamId,
    subjectType: 'SYNC_RUN',
    subjectId: run.id,
    data: { mode: run.mode, trigger: run.trigger },
  });
  return run;
}

/** Records a running sync's progress (at least once per page). */
export async function recordSyncProgress(
  ctx: ChangeContext,
  runId: string,
  counts: SyncCounts,
  progress: Readonly<Record<string, unknown>> = {},
): Promise<SyncRun> {
  const run = { ...(await requireRunning(ctx, runId)), counts, heartbeatAt: ctx.deps.clock.now() };
  await ctx.tx.syncRuns.update(run);
  ctx.record({ type: 'SYNC_RUN_PROGRESS', iamId: run.iamId, subjectType: 'SYNC_RUN', subjectId: run.id, data: { counts, ...progress } });
  return run;
}

/** Ends a sync run successfully. */
export async function finishSyncRun(ctx: ChangeContext, runId: string, counts: SyncCounts): Promise<SyncRun> {
  const run: SyncRun = { ...(await requireRunning(ctx, runId)), counts, status: 'SUCCEEDED', finishedAt: ctx.deps.clock.now() };
  await ctx.tx.syncRuns.update(run);
  ctx.record({
    type: 'SYNC_RUN_FINISHED',
    iamId: run.iamId,
    subjectType: 'SYNC_RUN',
    subjectId: run.id,
    data: { counts, durationMs: duration(run) },
  });
  return run;
}

/** A sync failure as one line: `CODE: message`, or the message alone when it has no code. */
export function formatSyncFailure(failure: SyncFailure): string {
  return failure.code === null ? failure.message : `${failure.code}: ${failure.message}`;
}

/** Ends a sync run as failed, with the reason (a message alone is a failure without a code). */
export async function failSyncRun(ctx: ChangeContext, runId: string, reason: SyncFailure | string, counts?: SyncCounts): Promise<SyncRun> {
  const running = await requireRunning(ctx, runId);
  const failure: SyncFailure = typeof reason === 'string' ? { code: null, message: reason } : reason;
  const error = formatSyncFailure(failure);
  const run: SyncRun = { ...running, counts: counts ?? running.counts, status: 'FAILED', error, failure, finishedAt: ctx.deps.clock.now() };
  await ctx.tx.syncRuns.update(run);
  ctx.record({
    type: 'SYNC_RUN_FAILED',
    iamId: run.iamId,
    subjectType: 'SYNC_RUN',
    subjectId: run.id,
    data: { error, errorCode: failure.code, counts: run.counts, durationMs: duration(run) },
  });
  return run;
}

/** How long a RUNNING run may go without a heartbeat before it counts as cut off. */
export const SYNC_RUN_STALE_AFTER_MS = 120_000;

/** Records that the process running a sync is alive (no event: it is not a change). */
export async function beatSyncRun(ctx: ChangeContext, runId: string): Promise<void> {
  const run = await ctx.tx.syncRuns.get(runId);
  if (run?.status === 'RUNNING') await ctx.tx.syncRuns.update({ ...run, heartbeatAt: ctx.deps.clock.now() });
}

/**
 * Marks as failed the runs whose process stopped (crash, kill) without ending them: RUNNING with
 * no heartbeat for `staleAfterMs` (default {@link SYNC_RUN_STALE_AFTER_MS}; a deployment that
 * beats more often may say less). Runs of other live processes keep beating and are left alone,
 * so every process can call this at start and on every cut-off check.
 */
export async function failInterruptedSyncRuns(ctx: ChangeContext, staleAfterMs: number = SYNC_RUN_STALE_AFTER_MS): Promise<SyncRun[]> {
  const staleBefore = ctx.deps.clock.now().getTime() - staleAfterMs;
  const failed: SyncRun[] = [];
  for (const run of await ctx.tx.syncRuns.listRunning()) {
    if (run.heartbeatAt.getTime() > staleBefore) continue;
    failed.push(await failSyncRun(ctx, run.id, 'Interrupted: the process running it stopped before the run ended.'));
  }
  return failed;
}

async function requireRunning(ctx: ChangeContext, runId: string): Promise<SyncRun> {
  const run = await ctx.tx.syncRuns.get(runId);
  if (!run) throw new RosterError('SYNC_RUN_NOT_FOUND', `No sync run with id "${runId}".`, { details: { syncRunId: runId } });
  if (run.status !== 'RUNNING')
    throw new RosterError('SYNC_RUN_FINISHED', `Sync run ${runId} already ended (${run.status}).`, { details: { syncRunId: runId } });
  return run;
}

function duration(run: SyncRun): number {
  return (run.finishedAt?.getTime() ?? run.startedAt.getTime()) - run.startedAt.getTime();
}
