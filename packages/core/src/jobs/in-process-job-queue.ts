import type { EnqueueOptions, JobHandler, JobPayload, JobQueue } from './job-queue.ts';

interface Waiting {
  readonly name: string;
  readonly payload: JobPayload;
  readonly key: string | undefined;
  readonly attempt: number;
  readonly attempts: number;
  readonly dueAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Retry delay after the n-th failed try: 2^n seconds, at most 10 minutes. */
const backoffMs = (attempt: number) => Math.min(2 ** attempt * 1_000, 600_000);

/**
 * The job queue of the embedded deployment (PGlite, one process): jobs wait in memory, on timers.
 * No job engine runs on PGlite (see `@roster/db`'s README, "Jobs"), and one process has no one to
 * share its jobs with, so this is the whole of it: what is waiting when the process stops is lost
 * (schedules start again with the next process; sync runs cut off are failed by the cut-off job).
 * Jobs added before `start` wait for it.
 * A schedule runs at once at start, then on every period; a period whose previous job is still
 * running is skipped rather than stacked.
 */
export function createInProcessJobQueue(): JobQueue {
  const handlers = new Map<string, JobHandler>();
  const schedules = new Map<string, number>();
  const waiting = new Set<Waiting>();
  const running = new Set<Promise<void>>();
  const scheduleTimers = new Set<ReturnType<typeof setTimeout>>();
  let controller = new AbortController();
  let started = false;

  const runJob = async (name: string, payload: JobPayload): Promise<void> => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`No handler for jobs named "${name}".`);
    await handler(payload, { signal: controller.signal });
  };

  const track = (job: Promise<void>) => {
    running.add(job);
    void job.finally(() => running.delete(job));
  };

  const arm = (entry: Waiting) => {
    entry.timer = setTimeout(
      () => {
        waiting.delete(entry);
        track(
          runJob(entry.name, entry.payload).catch(() => {
            if (entry.attempt + 1 < entry.attempts && started)
              add(entry.name, entry.payload, undefined, entry.attempt + 1, entry.attempts, backoffMs(entry.attempt + 1));
          }),
        );
      },
      Math.max(0, entry.dueAt - Date.now()),
    );
  };

  const add = (name: string, payload: JobPayload, key: string | undefined, attempt: number, attempts: number, delayMs: number) => {
    const entry: Waiting = { name, payload, key, attempt, attempts, dueAt: Date.now() + Math.max(0, delayMs), timer: undefined };
    waiting.add(entry);
    // Jobs added before start wait for it.
    if (started) arm(entry);
  };

  const startSchedule = (name: string, everyMs: number) => {
    let current: Promise<void> | null = null;
    // A timer may fire a little before its period begins by the wall clock: a period runs once
    // (never the previous one again), and the next timer aims at the next period's start.
    let lastPeriod = -1;
    const fire = () => {
      if (!started) return;
      const period = Math.floor(Date.now() / everyMs);
      if (period > lastPeriod && !current) {
        lastPeriod = period;
        current = runJob(name, { at: new Date(period * everyMs).toISOString() })
          .catch(() => {})
          .finally(() => (current = null));
        track(current);
      }
      const timer = setTimeout(
        () => {
          scheduleTimers.delete(timer);
          fire();
        },
        Math.max(1, (period + 1) * everyMs - Date.now()),
      );
      scheduleTimers.add(timer);
    };
    fire();
  };

  return {
    kind: 'in-process',
    work(name, handler) {
      handlers.set(name, handler);
    },
    schedule(name, everyMs) {
      schedules.set(name, everyMs);
      if (started) startSchedule(name, everyMs);
    },
    async enqueue(name, payload, options: EnqueueOptions = {}) {
      if (options.key !== undefined && [...waiting].some((entry) => entry.key === options.key)) return;
      const delay = options.runAt ? options.runAt.getTime() - Date.now() : 0;
      add(name, payload, options.key, 0, options.attempts ?? 1, delay);
    },
    async start() {
      if (started) return;
      started = true;
      controller = new AbortController();
      for (const entry of waiting) arm(entry);
      for (const [name, everyMs] of schedules) startSchedule(name, everyMs);
    },
    async stop() {
      started = false;
      for (const timer of scheduleTimers) clearTimeout(timer);
      scheduleTimers.clear();
      for (const entry of waiting) clearTimeout(entry.timer);
      waiting.clear();
      controller.abort();
      await Promise.allSettled([...running]);
    },
    async queueDepth() {
      // A due job starts on its timer at once, so this is nearly always 0: no worker is ever busy.
      const depth: Record<string, number> = {};
      for (const name of handlers.keys()) depth[name] = 0;
      const now = Date.now();
      for (const entry of waiting) if (entry.dueAt <= now) depth[entry.name] = (depth[entry.name] ?? 0) + 1;
      return depth;
    },
  };
}
