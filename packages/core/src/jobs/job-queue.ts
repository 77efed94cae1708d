/** A job's payload: plain JSON, as the queue stores it. */
export type JobPayload = Readonly<Record<string, unknown>>;

/** How a job is added. */
export interface EnqueueOptions {
  /**
   * At most one job with this key waits at a time: adding another while one waits adds nothing.
   * (A job that is running no longer holds its key, so the next one can wait behind it.)
   */
  readonly key?: string;
  /** Not before this instant (default: now). */
  readonly runAt?: Date;
  /** How many times the job is tried in all; a failed try is retried later with backoff (default 1: no retry). */
  readonly attempts?: number;
}

/** What a job handler is given besides its payload. */
export interface JobContext {
  /** Aborted when the process stops; a handler should end soon after. */
  readonly signal: AbortSignal;
}

/** Handles one job; a rejection fails the try (retried while attempts remain). */
export type JobHandler = (payload: JobPayload, context: JobContext) => Promise<void>;

/**
 * Roster's background jobs: scheduled LDAP syncs, cut-off detection, (next) webhook deliveries.
 * On PostgreSQL it is a job engine in the database (`@roster/db`'s `createPostgresJobQueue`), so
 * every worker process shares one queue and each job runs in one of them; embedded, one process
 * runs them in memory (`createInProcessJobQueue`). Register handlers with `work` before `start`.
 */
export interface JobQueue {
  /** `postgresql` (shared by every process on the database) or `in-process` (this process alone). */
  readonly kind: 'postgresql' | 'in-process';
  /** Runs jobs named `name` with `handler` in this process (at most `concurrency` at once, overall). */
  work(name: string, handler: JobHandler): void;
  /**
   * Runs a job named `name` once every `everyMs`, aligned on multiples of `everyMs` since the epoch:
   * once per period across all processes sharing the queue, not once per process. Its payload is
   * `{ at }`, the start of its period (ISO 8601).
   */
  schedule(name: string, everyMs: number): void;
  /** Adds a job. */
  enqueue(name: string, payload: JobPayload, options?: EnqueueOptions): Promise<void>;
  /** Starts taking jobs and the schedules. */
  start(): Promise<void>;
  /** Stops taking jobs, aborts the running handlers' signals, and waits for them to end. */
  stop(): Promise<void>;
  /** Jobs due now and not yet started, by job name (for the metrics). */
  queueDepth(): Promise<Readonly<Record<string, number>>>;
}
