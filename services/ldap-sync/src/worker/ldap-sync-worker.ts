import {
  createInProcessJobQueue,
  SCHEDULE_HISTORY,
  SYNC_RUN_STALE_AFTER_MS,
  type Iam,
  type JobQueue,
  type Roster,
  type SyncMode,
  type SyncRun,
} from '@roster/core';
import { runSync, type RunSyncOptions } from '../sync/run-sync.ts';
import { chooseMode, decideScheduledRun, deltaSince, deltaSinceUsn, type RetryPolicy } from './decide-schedule.ts';

/** The logging the worker does (pino-compatible); never handed a secret. */
export interface SyncLogger {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/** Options of the LDAP sync worker. */
export interface LdapSyncWorkerOptions {
  readonly roster: Roster;
  readonly logger?: SyncLogger;
  /**
   * The queue the worker's jobs run on: schedule checks, one run job per due IAM, cut-off checks.
   * On PostgreSQL, the engine every worker process shares; by default, an in-process queue of the
   * worker's own, started and stopped with it.
   */
  readonly jobs?: JobQueue;
  /** How often schedules are checked (default 30 s). */
  readonly tickIntervalMs?: number;
  /** How often a running sync says it is alive (default 30 s; well inside `staleAfterMs`). */
  readonly heartbeatMs?: number;
  /** A RUNNING run without a heartbeat for this long was cut off and is failed (default core's 120 s). */
  readonly staleAfterMs?: number;
  /** Told of every run that ended, here or (cut off) anywhere: for the metrics. */
  readonly onRunEnded?: (run: SyncRun) => void;
  /** Delta runs re-read this much before the last run's start, for clock skew (default 60 s). */
  readonly deltaOverlapMs?: number;
  readonly connectTimeoutMs?: number;
  readonly operationTimeoutMs?: number;
  readonly retry?: RetryPolicy;
}

/** What `runNow` accepts. */
export interface RunNowOptions {
  readonly mode?: SyncMode;
  readonly trigger?: 'MANUAL' | 'API';
  readonly force?: boolean;
  readonly onProgress?: RunSyncOptions['onProgress'];
}

/** A run that has started: `run` is RUNNING; `finished` resolves to it SUCCEEDED or FAILED. */
export interface StartedSync {
  readonly run: SyncRun;
  readonly finished: Promise<SyncRun>;
}

/** The LDAP sync worker of the worker role (`ROSTER_ROLES=worker`, wired by services/server). */
export interface LdapSyncWorker {
  /**
   * Registers the worker's jobs on its queue (first check at once); starts the queue when it is the
   * worker's own, else the caller starts the shared queue after this.
   */
  start(): Promise<void>;
  /** Stops the schedule, asks running syncs to stop, and waits for them to end (as FAILED). */
  stop(): Promise<void>;
  /** Starts a run now; rejects with SYNC_ALREADY_RUNNING while one runs for the IAM. */
  runNow(iamId: string, options?: RunNowOptions): Promise<StartedSync>;
  /** One cut-off check and schedule check in this process: starts the runs that are due; returns them. */
  tick(): Promise<SyncRun[]>;
}

const silent: SyncLogger = { info() {}, warn() {}, error() {} };

/** The worker's job names on the queue. */
export const LDAP_SYNC_JOBS = { check: 'ldap-sync.check', run: 'ldap-sync.run', cutOff: 'ldap-sync.cut-off' } as const;

/**
 * Creates the LDAP sync worker. Its jobs: a schedule check every `tickIntervalMs` enqueues a run
 * job for each IAM that is due (keyed by IAM, so one waits at most); the run job claims the run
 * with core's rule (`claimScheduledSyncRun`: IAM row locked, recent runs read, run inserted) and
 * runs it to its end, beating; a cut-off check fails runs whose process died. The queue only
 * distributes the work: whether a run is due, and that one runs per IAM at a time, is core's.
 */
export function createLdapSyncWorker(options: LdapSyncWorkerOptions): LdapSyncWorker {
  const { roster } = options;
  const logger = options.logger ?? silent;
  const retry = options.retry ?? { baseMs: 60_000, maxMs: 3_600_000 };
  const overlap = options.deltaOverlapMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const staleAfterMs = options.staleAfterMs ?? SYNC_RUN_STALE_AFTER_MS;
  const tickIntervalMs = options.tickIntervalMs ?? 30_000;
  const ownQueue = !options.jobs;
  const jobs = options.jobs ?? createInProcessJobQueue();
  const ended = options.onRunEnded ?? (() => {});
  const running = new Map<string, { controller: AbortController; done: Promise<SyncRun> }>();
  let registered = false;
  let stopping = false;

  const execute = (
    run: SyncRun,
    recent: readonly SyncRun[],
    force: boolean,
    onProgress: RunSyncOptions['onProgress'] = () => {},
  ): Promise<SyncRun> => {
    const controller = new AbortController();
    logger.info({ iamId: run.iamId, syncRunId: run.id, mode: run.mode, trigger: run.trigger }, 'ldap sync started');
    const done = runSync(roster, run, {
      force,
      since: deltaSince(recent, overlap),
      sinceUsn: deltaSinceUsn(recent),
      signal: controller.signal,
      onProgress,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      operationTimeoutMs: options.operationTimeoutMs ?? 120_000,
    })
      .then((finished) => {
        const log = finished.status === 'SUCCEEDED' ? logger.info.bind(logger) : logger.warn.bind(logger);
        log(
          { iamId: finished.iamId, syncRunId: finished.id, status: finished.status, counts: finished.counts, error: finished.error },
          `ldap sync ${finished.status.toLowerCase()}`,
        );
        ended(finished);
        return finished;
      })
      .finally(() => running.delete(run.id));
    // Heartbeats tell other processes this run is alive; without them it is failed as interrupted.
    const heartbeat = setInterval(() => void roster.beatSyncRun(run.id).catch(() => {}), heartbeatMs);
    heartbeat.unref?.();
    void done.finally(() => clearInterval(heartbeat));
    running.set(run.id, { controller, done });
    return done;
  };

  const defaultMode = async (iamId: string, recent: readonly SyncRun[]): Promise<SyncMode> => {
    const iam = await roster.read((repos) => repos.iams.get(iamId));
    return iam?.type === 'LDAP' ? chooseMode(iam.config, recent, roster.now()) : 'FULL';
  };

  const recentRuns = (iamId: string) => roster.read((repos) => repos.syncRuns.list(iamId, SCHEDULE_HISTORY));

  const syncing = (iam: Iam): boolean => iam.type === 'LDAP' && iam.enabled && iam.config.sync.enabled;

  /** Claims the IAM's scheduled run if it is due (core's rule, under the IAM's lock) and starts it. */
  const claimAndStart = async (iamId: string): Promise<StartedSync | null> => {
    if (stopping) return null;
    const iam = await roster.read((repos) => repos.iams.get(iamId));
    if (!iam || !syncing(iam) || iam.type !== 'LDAP') return null;
    const run = await roster.claimScheduledSyncRun(iam.id, (recent) => decideScheduledRun(iam.config, recent, roster.now(), retry));
    if (!run) return null;
    const recent = (await recentRuns(iam.id)).filter((r) => r.id !== run.id);
    return { run, finished: execute(run, recent, false) };
  };

  const cutOff = async (): Promise<void> => {
    const interrupted = await roster.failInterruptedSyncRuns(staleAfterMs);
    if (interrupted.length > 0) logger.warn({ syncRuns: interrupted.map((run) => run.id) }, 'marked interrupted ldap syncs as failed');
    for (const run of interrupted) ended(run);
  };

  /** The IAMs whose scheduled run looks due (read without a lock; the run job decides under it). */
  const dueIams = async (): Promise<string[]> => {
    const due: string[] = [];
    for (const iam of await roster.read((repos) => repos.iams.list())) {
      if (!syncing(iam) || iam.type !== 'LDAP') continue;
      const recent = await recentRuns(iam.id);
      if (recent.some((run) => run.status === 'RUNNING')) continue;
      if (decideScheduledRun(iam.config, recent, roster.now(), retry)) due.push(iam.id);
    }
    return due;
  };

  const tick = async (): Promise<SyncRun[]> => {
    await cutOff();
    const started: SyncRun[] = [];
    for (const iamId of await dueIams()) {
      try {
        const claimed = await claimAndStart(iamId);
        if (claimed) started.push(claimed.run);
      } catch (error) {
        logger.error({ iamId, err: error }, 'could not start a scheduled ldap sync');
      }
    }
    return started;
  };

  const register = () => {
    if (registered) return;
    registered = true;
    jobs.work(LDAP_SYNC_JOBS.cutOff, async () => {
      await cutOff().catch((error: unknown) => logger.error({ err: error }, 'ldap sync cut-off check failed'));
    });
    jobs.work(LDAP_SYNC_JOBS.check, async () => {
      try {
        for (const iamId of await dueIams()) await jobs.enqueue(LDAP_SYNC_JOBS.run, { iamId }, { key: `${LDAP_SYNC_JOBS.run}:${iamId}` });
      } catch (error) {
        logger.error({ err: error }, 'ldap sync schedule check failed');
      }
    });
    jobs.work(LDAP_SYNC_JOBS.run, async (payload, { signal }) => {
      const iamId = String(payload['iamId']);
      // The job lasts as long as the run: the queue's concurrency bounds the syncs a process runs.
      const claimed = await claimAndStart(iamId).catch((error: unknown) => {
        logger.error({ iamId, err: error }, 'could not start a scheduled ldap sync');
        return null;
      });
      if (!claimed) return;
      // The queue stopping (the process shutting down) stops the run: it ends FAILED, not cut off.
      const abort = () => running.get(claimed.run.id)?.controller.abort();
      signal.addEventListener('abort', abort, { once: true });
      await claimed.finished.finally(() => signal.removeEventListener('abort', abort));
    });
    jobs.schedule(LDAP_SYNC_JOBS.cutOff, Math.min(tickIntervalMs, Math.floor(staleAfterMs / 2)));
    jobs.schedule(LDAP_SYNC_JOBS.check, tickIntervalMs);
  };

  return {
    async start() {
      stopping = false;
      register();
      if (ownQueue) await jobs.start();
    },
    async stop() {
      stopping = true;
      // The queue stops taking jobs at once; the running syncs are asked to stop, and end FAILED.
      const queueStopped = ownQueue ? jobs.stop() : Promise.resolve();
      for (const { controller } of running.values()) controller.abort();
      await Promise.allSettled([...running.values()].map((entry) => entry.done));
      await queueStopped;
    },
    async runNow(iamId, runOptions = {}) {
      const recent = await recentRuns(iamId);
      const baseline = deltaSince(recent, overlap) !== null;
      const mode: SyncMode = !baseline ? 'FULL' : (runOptions.mode ?? (await defaultMode(iamId, recent)));
      const run = await roster.startSyncRun(iamId, { mode, trigger: runOptions.trigger ?? 'MANUAL' });
      return { run, finished: execute(run, recent, runOptions.force ?? false, runOptions.onProgress) };
    },
    tick,
  };
}
