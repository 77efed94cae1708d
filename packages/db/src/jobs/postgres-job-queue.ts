import type { JobHandler, JobQueue } from '@roster/core';
import { PgBoss } from 'pg-boss';

/** Where the queue lives and how much this process takes on. */
export interface PostgresJobQueueOptions {
  /** The database Roster runs on (the queue's tables are in the schema `pgboss`). */
  readonly databaseUrl: string;
  /** Jobs this process runs at once, per job name (default 4). */
  readonly concurrency?: number;
  /** Told about engine errors (a lost connection; the engine reconnects by itself). */
  readonly onError?: (error: unknown) => void;
}

const SCHEMA = 'pgboss';
/** Jobs that fail are retried with exponential backoff (pg-boss: retryDelay · 2^n, capped). */
const RETRY_DELAY_SECONDS = 5;
const RETRY_DELAY_MAX_SECONDS = 600;
/** How often a worker looks for deferred jobs that have come due. */
const POLL_SECONDS = 1;

/**
 * Roster's job queue on PostgreSQL, on pg-boss (the choice and the measurements: `packages/db`
 * README, "Jobs"). Every process on the database shares it: a job runs in one process, a schedule
 * fires once per period whichever processes are up, and a job whose process died is taken up
 * again when its expiry passes. Its connections are its own (a small pool and one LISTEN
 * connection), so a long job never holds one of the API's.
 *
 * A schedule is a chain of jobs, one per period: the job of a period adds the next period's
 * before it runs its handler, and every process adds the next period's at start; all of them carry
 * the key `schedule:<name>`, and the queue lets one job per key wait, so exactly one period is
 * waiting at any time and no period runs twice. A period that runs more than a period late (every
 * worker was down) adds the one after now, so a schedule never catches up in a burst. pg-boss's
 * own `schedule` has minute precision in 12.38, and Roster checks sync schedules every 30 s.
 */
export function createPostgresJobQueue(options: PostgresJobQueueOptions): JobQueue {
  const concurrency = options.concurrency ?? 4;
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: SCHEMA, useListenNotify: true, max: concurrency + 2 });
  boss.on('error', (error) => options.onError?.(error));
  const handlers = new Map<string, JobHandler>();
  const schedules = new Map<string, number>();
  const controller = new AbortController();
  let started = false;
  let opened: Promise<void> | null = null;
  const queues = new Map<string, Promise<void>>();

  // The engine opens at the first use: a process may add jobs (and read the depth) without working them.
  const open = () => (opened ??= boss.start().then(() => {}));
  // `short`: at most one job per key waits (any number run), which is what a key means here.
  const queue = (name: string) => {
    let made = queues.get(name);
    if (!made) {
      made = open().then(() => boss.createQueue(name, { policy: 'short', notify: true }));
      queues.set(name, made);
    }
    return made;
  };

  const addPeriod = async (name: string, everyMs: number, period: number) => {
    await queue(name);
    await boss.send(name, { period }, { singletonKey: `schedule:${name}`, startAfter: new Date(period * everyMs), retryLimit: 0 });
  };

  return {
    kind: 'postgresql',
    work(name, handler) {
      handlers.set(name, handler);
    },
    schedule(name, everyMs) {
      schedules.set(name, everyMs);
    },
    async enqueue(name, payload, enqueueOptions = {}) {
      const attempts = enqueueOptions.attempts ?? 1;
      await queue(name);
      await boss.send(name, payload, {
        ...(enqueueOptions.key === undefined ? {} : { singletonKey: enqueueOptions.key }),
        ...(enqueueOptions.runAt ? { startAfter: enqueueOptions.runAt } : {}),
        retryLimit: attempts - 1,
        retryDelay: RETRY_DELAY_SECONDS,
        retryDelayMax: RETRY_DELAY_MAX_SECONDS,
        retryBackoff: true,
      });
    },
    async start() {
      if (started) return;
      started = true;
      for (const name of handlers.keys()) await queue(name);
      for (const [name, handler] of handlers) {
        const everyMs = schedules.get(name);
        // NOTIFY wakes a worker when a job is added; a job deferred to later (a schedule's next
        // period, a retry) is only found by polling, so the poll is what makes a schedule punctual.
        const polling = { pollingIntervalSeconds: POLL_SECONDS, notifyPollingIntervalSeconds: POLL_SECONDS };
        await boss.work<Record<string, unknown>>(name, { localConcurrency: concurrency, batchSize: 1, ...polling }, async ([job]) => {
          if (!job) return;
          if (everyMs !== undefined) {
            const period = Number(job.data['period']);
            const current = Math.floor(Date.now() / everyMs);
            await addPeriod(name, everyMs, Math.max(period, current) + 1);
            await handler({ at: new Date(period * everyMs).toISOString() }, { signal: controller.signal });
          } else {
            await handler(job.data, { signal: controller.signal });
          }
        });
      }
      for (const [name, everyMs] of schedules) await addPeriod(name, everyMs, Math.floor(Date.now() / everyMs) + 1);
    },
    async stop() {
      started = false;
      controller.abort();
      if (opened) await opened.then(() => boss.stop({ graceful: true, timeout: 30_000 }));
      opened = null;
      queues.clear();
    },
    async queueDepth() {
      // Live counts of jobs due and not started (pg-boss's getQueueStats are the monitor's, a minute old).
      const depth: Record<string, number> = {};
      for (const name of handlers.keys()) depth[name] = 0;
      await open();
      const { rows } = await boss
        .getDb()
        .executeSql(
          `SELECT name, count(*)::int AS waiting FROM ${SCHEMA}.job WHERE state IN ('created', 'retry') AND start_after <= now() GROUP BY name`,
        );
      for (const row of rows as { name: string; waiting: number }[]) if (row.name in depth) depth[row.name] = row.waiting;
      return depth;
    },
  };
}
