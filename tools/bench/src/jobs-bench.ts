/**
 * Job engines on the machine's PostgreSQL, as Roster's worker role would run them: graphile-worker
 * and pg-boss, each with three runners (three engine instances, each with its own pool, concurrency
 * 4) and a separate producer. Measured:
 *
 * - enqueue→start latency: 300 jobs added one at a time, 20 ms apart; the job carries its enqueue
 *   instant and the handler records how long it waited (p50/p99);
 * - throughput: 2,000 no-op jobs added in batches of 500; jobs/s from the first add to the last
 *   completion (capped at 40 s).
 *
 * - what installing it brings: the packages in its dependency closure (package-lock.json) and their
 *   size on disk (pg, which Roster has anyway, included).
 *
 * Each engine gets a fresh database. `npm run bench -w @roster/bench` (or `npx tsx src/jobs-bench.ts`).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { makeWorkerUtils, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { createPostgresJobQueue } from '@roster/db';
import type { JobQueue } from '@roster/core';

const ADMIN_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNNERS = 3;
const CONCURRENCY = 4;
const LATENCY_JOBS = 300;
const LATENCY_GAP_MS = 20;
const THROUGHPUT_JOBS = 2_000;
const BATCH = 500;
const THROUGHPUT_CAP_MS = 40_000;

interface Engine {
  readonly name: string;
  /** Starts the runners; `onJob` gets each job's payload when it starts. */
  start(onJob: (payload: { t: number }) => void): Promise<void>;
  add(payload: { t: number }): Promise<void>;
  addMany(payloads: readonly { t: number }[]): Promise<void>;
  stop(): Promise<void>;
}

interface Result {
  readonly engine: string;
  readonly p50: number;
  readonly p99: number;
  readonly jobsPerSecond: number;
}

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `roster_jobs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function graphileWorker(url: string): Engine {
  const runners: Runner[] = [];
  const pools: pg.Pool[] = [];
  const pool = () => {
    const made = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 });
    made.on('error', () => {});
    // graphile-worker checks that a pool it is given handles errors of checked-out clients too.
    made.on('connect', (client) => client.on('error', () => {}));
    pools.push(made);
    return made;
  };
  let utils: Awaited<ReturnType<typeof makeWorkerUtils>> | null = null;
  return {
    name: 'graphile-worker 0.18.0',
    async start(onJob) {
      utils = await makeWorkerUtils({ pgPool: pool() });
      await utils.migrate();
      for (let i = 0; i < RUNNERS; i += 1) {
        runners.push(
          await run({
            pgPool: pool(),
            concurrency: CONCURRENCY,
            noHandleSignals: true,
            pollInterval: 2_000,
            logger: quietGraphileLogger(),
            taskList: { bench: async (payload) => onJob(payload as { t: number }) },
          }),
        );
      }
    },
    async add(payload) {
      await utils!.addJob('bench', payload);
    },
    async addMany(payloads) {
      await utils!.addJobs(payloads.map((payload) => ({ identifier: 'bench', payload })));
    },
    async stop() {
      await Promise.all(runners.map((runner) => runner.stop()));
      await utils?.release();
      await Promise.all(pools.map((made) => made.end()));
    },
  };
}

function pgBoss(url: string, notify: boolean): Engine {
  const bosses: PgBoss[] = [];
  let producer: PgBoss | null = null;
  const make = () => {
    const boss = new PgBoss({ connectionString: url, useListenNotify: notify, max: 4 });
    boss.on('error', () => {});
    return boss;
  };
  return {
    name: notify ? 'pg-boss 12.38.0 (notify, batch 20, poll 0.5 s)' : 'pg-boss 12.38.0 (defaults: poll 2 s, batch 1)',
    async start(onJob) {
      producer = make();
      await producer.start();
      await producer.createQueue('bench', { notify });
      for (let i = 0; i < RUNNERS; i += 1) {
        const boss = make();
        await boss.start();
        // Tuned: each fetch takes a batch (a job at a time polls the table once per job).
        const options = notify
          ? { localConcurrency: CONCURRENCY, batchSize: 20, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 0.5 }
          : { localConcurrency: CONCURRENCY };
        await boss.work<{ t: number }>('bench', options, async (jobs) => {
          for (const job of jobs) onJob(job.data);
        });
        bosses.push(boss);
      }
    },
    async add(payload) {
      await producer!.send('bench', payload);
    },
    async addMany(payloads) {
      await producer!.insert(
        'bench',
        payloads.map((data) => ({ data })),
      );
    },
    async stop() {
      await Promise.all(bosses.map((boss) => boss.stop({ graceful: true, timeout: 5_000 })));
      await producer?.stop({ graceful: false });
    },
  };
}

/** Roster's own adapter (`@roster/db`'s `createPostgresJobQueue`, pg-boss underneath) through core's port, as the worker role runs it. */
function rosterQueue(url: string): Engine {
  const queues: JobQueue[] = [];
  let producer: JobQueue | null = null;
  return {
    name: 'pg-boss 12.38.0 as Roster runs it (JobQueue port)',
    async start(onJob) {
      producer = createPostgresJobQueue({ databaseUrl: url });
      for (let i = 0; i < RUNNERS; i += 1) {
        const queue = createPostgresJobQueue({ databaseUrl: url, concurrency: CONCURRENCY });
        queue.work('bench', async (payload) => onJob(payload as { t: number }));
        await queue.start();
        queues.push(queue);
      }
    },
    async add(payload) {
      await producer!.enqueue('bench', payload);
    },
    async addMany(payloads) {
      // The port adds one job at a time (each NOTIFYs); 20 at once, as concurrent writers would.
      for (let i = 0; i < payloads.length; i += 20)
        await Promise.all(payloads.slice(i, i + 20).map((payload) => producer!.enqueue('bench', payload)));
    },
    async stop() {
      await Promise.all([...queues, producer!].map((queue) => queue.stop()));
    },
  };
}

async function measure(engine: Engine): Promise<Result> {
  let latencies: number[] = [];
  let done = 0;
  let allDone: () => void = () => {};
  await engine.start((payload) => {
    latencies.push(Date.now() - payload.t);
    done += 1;
    if (done === THROUGHPUT_JOBS) allDone();
  });
  // Warm-up: the first jobs pay for connections and prepared statements.
  for (let i = 0; i < 20; i += 1) await engine.add({ t: Date.now() });
  await sleep(3_000);
  latencies = [];
  for (let i = 0; i < LATENCY_JOBS; i += 1) {
    await engine.add({ t: Date.now() });
    await sleep(LATENCY_GAP_MS);
  }
  while (latencies.length < LATENCY_JOBS) await sleep(50);
  console.error(`${engine.name}: latency measured`);
  const sorted = [...latencies].sort((a, b) => a - b);
  done = 0;
  console.error(`${engine.name}: latency p50 ${percentile(sorted, 0.5)} ms`);
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const start = performance.now();
  for (let i = 0; i < THROUGHPUT_JOBS; i += BATCH) {
    await engine.addMany(Array.from({ length: Math.min(BATCH, THROUGHPUT_JOBS - i) }, () => ({ t: Date.now() })));
  }
  // An engine that cannot finish in time is measured on what it did by then.
  await Promise.race([finished, sleep(THROUGHPUT_CAP_MS)]);
  const seconds = (performance.now() - start) / 1000;
  const completed = done;
  console.error(`${engine.name}: ${completed} jobs in ${seconds.toFixed(1)} s`);
  await engine.stop();
  return {
    engine: engine.name,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    jobsPerSecond: completed / seconds,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quietGraphileLogger() {
  // graphile-worker logs every job at info; the bench prints its own table.
  return new (class {
    scope() {
      return this;
    }
    debug() {}
    info() {}
    warn(message: string) {
      console.warn(message);
    }
    error(message: string) {
      console.error(message);
    }
  })() as never;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCK = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dependencies?: Record<string, string>; optional?: boolean; dev?: boolean }>;
};

/** What installing `name` brings: every package in its dependency closure (from the lockfile, as npm resolves it) and their size on disk. */
function footprint(name: string): { packages: number; megabytes: number } {
  const resolve = (from: string, dep: string): string | null => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${dep}`;
      if (LOCK.packages[candidate]) return candidate;
      if (!base) return null;
    }
  };
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const dep of Object.keys(LOCK.packages[path]?.dependencies ?? {})) {
      const found = resolve(path, dep);
      if (found) visit(found);
    }
  };
  visit(resolve('', name) ?? `node_modules/${name}`);
  const size = (dir: string): number => {
    let bytes = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      bytes += entry.isDirectory() ? size(path) : statSync(path).size;
    }
    return bytes;
  };
  const bytes = [...seen].reduce((total, path) => total + size(join(ROOT, path)), 0);
  return { packages: seen.size, megabytes: bytes / 1024 / 1024 };
}

const results: Result[] = [];
for (const make of [
  (url: string) => graphileWorker(url),
  (url: string) => pgBoss(url, true),
  (url: string) => pgBoss(url, false),
  (url: string) => rosterQueue(url),
]) {
  results.push(await withDatabase((url) => measure(make(url))));
}
console.log(`\nJob engines on PostgreSQL: ${RUNNERS} runners × concurrency ${CONCURRENCY}, one producer`);
console.log(`latency: ${LATENCY_JOBS} jobs added one at a time every ${LATENCY_GAP_MS} ms; throughput: ${THROUGHPUT_JOBS} no-op jobs\n`);
const header = ['engine', 'enqueue→start p50 ms', 'p99 ms', 'jobs/s', 'packages installed', 'MB on disk'];
const rows = results.map((r) => {
  const { packages, megabytes } = footprint(r.engine.split(' ')[0]!);
  return [r.engine, r.p50.toFixed(0), r.p99.toFixed(0), r.jobsPerSecond.toFixed(0), String(packages), megabytes.toFixed(1)];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((cells) => cells[i]!.length)));
const line = (cells: readonly string[]) =>
  `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const cells of rows) console.log(line(cells));
