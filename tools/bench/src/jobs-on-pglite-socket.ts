/**
 * Can a job engine run on embedded PGlite through @electric-sql/pglite-socket (PGlite served over
 * the PostgreSQL wire protocol, connections multiplexed onto its one session)? Runs each engine
 * there with two runners and 50 jobs and prints what happened. `npx tsx src/jobs-on-pglite-socket.ts`.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { makeWorkerUtils, run } from 'graphile-worker';
import { PgBoss } from 'pg-boss';

const JOBS = 50;

async function onSocket<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 50 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  try {
    return await fn(url);
  } finally {
    await server.stop();
    await db.close();
  }
}

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no result after ${ms / 1000} s`)), ms))]);

async function tryPgBoss(url: string, notify: boolean): Promise<string> {
  const bosses = [0, 1].map(() => new PgBoss({ connectionString: url, useListenNotify: notify, max: 3 }));
  const errors: string[] = [];
  for (const boss of bosses) boss.on('error', (error: Error) => errors.push(error.message));
  let done = 0;
  const start = Date.now();
  try {
    for (const boss of bosses) await boss.start();
    await bosses[0]!.createQueue('probe', { notify });
    for (const boss of bosses) await boss.work('probe', { pollingIntervalSeconds: 0.5 }, async () => void (done += 1));
    for (let i = 0; i < JOBS; i += 1) await bosses[0]!.send('probe', { i });
    await withTimeout(
      (async () => {
        while (done < JOBS) await new Promise((resolve) => setTimeout(resolve, 50));
      })(),
      30_000,
    );
    return `${done}/${JOBS} jobs in ${((Date.now() - start) / 1000).toFixed(1)} s; errors: ${errors.length ? [...new Set(errors)].join('; ') : 'none'}`;
  } catch (error) {
    return `failed after ${done}/${JOBS} jobs: ${(error as Error).message}; errors: ${[...new Set(errors)].join('; ') || 'none'}`;
  } finally {
    await Promise.all(bosses.map((boss) => withTimeout(boss.stop({ graceful: false }), 5_000).catch(() => {})));
  }
}

async function tryGraphileWorker(url: string): Promise<string> {
  let done = 0;
  const start = Date.now();
  const quiet = new (class {
    scope() {
      return this;
    }
    debug() {}
    info() {}
    warn() {}
    error() {}
  })() as never;
  try {
    const utils = await withTimeout(makeWorkerUtils({ connectionString: url, logger: quiet }), 30_000);
    await withTimeout(utils.migrate(), 30_000);
    const runners = await Promise.all(
      [0, 1].map(() =>
        run({
          connectionString: url,
          concurrency: 2,
          noHandleSignals: true,
          logger: quiet,
          taskList: { probe: async () => void (done += 1) },
        }),
      ),
    );
    for (let i = 0; i < JOBS; i += 1) await utils.addJob('probe', { i });
    await withTimeout(
      (async () => {
        while (done < JOBS) await new Promise((resolve) => setTimeout(resolve, 50));
      })(),
      30_000,
    );
    await Promise.all(runners.map((runner) => withTimeout(runner.stop(), 5_000).catch(() => {})));
    await utils.release();
    return `${done}/${JOBS} jobs in ${((Date.now() - start) / 1000).toFixed(1)} s`;
  } catch (error) {
    return `failed after ${done}/${JOBS} jobs: ${(error as Error).message}`;
  }
}

console.log(`pg-boss 12.38.0 (LISTEN/NOTIFY) on pglite-socket 0.2.17: ${await onSocket((url) => tryPgBoss(url, true))}`);
console.log(`pg-boss 12.38.0 (polling) on pglite-socket 0.2.17: ${await onSocket((url) => tryPgBoss(url, false))}`);
console.log(`graphile-worker 0.18.0 on pglite-socket 0.2.17: ${await onSocket(tryGraphileWorker)}`);
process.exit(0);
