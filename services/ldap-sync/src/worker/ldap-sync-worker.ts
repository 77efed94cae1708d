import { SCHEDULE_HISTORY, type Roster, type SyncMode, type SyncRun } from '@roster/core';
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
  /** How often schedules are checked (default 30 s). */
  readonly tickIntervalMs?: number;
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

/** The worker `services/server` runs in-process and `main.ts` runs alone. */
export interface LdapSyncWorker {
  /** Starts checking schedules (first check at once). */
  start(): void;
  /** Stops the schedule, asks running syncs to stop, and waits for them to end (as FAILED). */
  stop(): Promise<void>;
  /** Starts a run now; rejects with SYNC_ALREADY_RUNNING while one runs for the IAM. */
  runNow(iamId: string, options?: RunNowOptions): Promise<StartedSync>;
  /** One schedule check: starts the runs that are due; returns them. */
  tick(): Promise<SyncRun[]>;
}

const silent: SyncLogger = { info() {}, warn() {}, error() {} };

/** Creates the LDAP sync worker. */
/** How often a running sync says it is alive (well inside core's SYNC_RUN_STALE_AFTER_MS). */
const HEARTBEAT_MS = 30_000;

export function createLdapSyncWorker(options: LdapSyncWorkerOptions): LdapSyncWorker {
  const { roster } = options;
  const logger = options.logger ?? silent;
  const retry = options.retry ?? { baseMs: 60_000, maxMs: 3_600_000 };
  const overlap = options.deltaOverlapMs ?? 60_000;
  const running = new Map<string, { controller: AbortController; done: Promise<SyncRun> }>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking: Promise<SyncRun[]> | null = null;

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
      .then((ended) => {
        const log = ended.status === 'SUCCEEDED' ? logger.info.bind(logger) : logger.warn.bind(logger);
        log(
          { iamId: ended.iamId, syncRunId: ended.id, status: ended.status, counts: ended.counts, error: ended.error },
          `ldap sync ${ended.status.toLowerCase()}`,
        );
        return ended;
      })
      .finally(() => running.delete(run.id));
    // Heartbeats tell other processes this run is alive; without them it is failed as interrupted.
    const heartbeat = setInterval(() => void roster.beatSyncRun(run.id).catch(() => {}), HEARTBEAT_MS);
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

  const tick = async (): Promise<SyncRun[]> => {
    const interrupted = await roster.failInterruptedSyncRuns();
    if (interrupted.length > 0) logger.warn({ syncRuns: interrupted.map((run) => run.id) }, 'marked interrupted ldap syncs as failed');
    const started: SyncRun[] = [];
    const iams = await roster.read((repos) => repos.iams.list());
    for (const iam of iams) {
      if (iam.type !== 'LDAP' || !iam.enabled || !iam.config.sync.enabled) continue;
      try {
        const run = await roster.claimScheduledSyncRun(iam.id, (recent) => decideScheduledRun(iam.config, recent, roster.now(), retry));
        if (run) {
          started.push(run);
          void execute(run, await recentRuns(iam.id).then((runs) => runs.filter((r) => r.id !== run.id)), false);
        }
      } catch (error) {
        logger.error({ iamId: iam.id, err: error }, 'could not start a scheduled ldap sync');
      }
    }
    return started;
  };

  return {
    start() {
      if (timer) return;
      const check = () => {
        ticking ??= tick()
          .catch((error: unknown) => (logger.error({ err: error }, 'ldap sync schedule check failed'), []))
          .finally(() => (ticking = null));
      };
      timer = setInterval(check, options.tickIntervalMs ?? 30_000);
      timer.unref?.();
      check();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      for (const { controller } of running.values()) controller.abort();
      await Promise.allSettled([...running.values()].map((entry) => entry.done));
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
