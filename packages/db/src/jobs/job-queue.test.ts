import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessJobQueue, type JobPayload, type JobQueue } from '@roster/core';
import { createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createPostgresJobQueue } from './postgres-job-queue.ts';

interface Backend {
  /** Two queues as two processes would hold them (on PostgreSQL, sharing the database); null where only one process can run. */
  pair(): [JobQueue, JobQueue | null];
  close(): Promise<void>;
}

const until = async (done: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const BACKENDS: readonly [string, () => Promise<Backend>][] = [
  [
    'PostgreSQL (pg-boss)',
    async () => {
      const db: TestDatabase = await createPostgresTestDatabase();
      return {
        pair: () => [createPostgresJobQueue({ databaseUrl: db.url! }), createPostgresJobQueue({ databaseUrl: db.url! })],
        close: () => db.close(),
      };
    },
  ],
  ['in-process', async () => ({ pair: () => [createInProcessJobQueue(), null], close: async () => {} })],
];

describe.each(BACKENDS)('job queue on %s', { timeout: 60_000 }, (_name, open) => {
  let backend: Backend;
  let queues: JobQueue[];
  const ran: { queue: number; name: string; payload: JobPayload }[] = [];
  let release: () => void = () => {};
  let held = new Promise<void>((resolve) => (release = resolve));
  let aborted = 0;
  let holding = false;

  beforeAll(async () => {
    backend = await open();
    queues = backend.pair().filter((queue): queue is JobQueue => queue !== null);
    queues.forEach((queue, index) => {
      for (const name of ['greet', 'keyed', 'tick']) queue.work(name, async (payload) => void ran.push({ queue: index, name, payload }));
      queue.work('hold', async (_payload, { signal }) => {
        holding = true;
        await Promise.race([held, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
        if (signal.aborted) aborted += 1;
      });
      queue.schedule('tick', 1_000);
    });
    // Added before any queue runs: it waits, and counts as due.
    await queues[0]!.enqueue('greet', { hello: 'early' });
  });
  afterAll(async () => {
    release();
    await Promise.all(queues.map((queue) => queue.stop()));
    await backend.close();
  });

  it('counts a due job that has not started in the queue depth, then runs it once', async () => {
    expect((await queues[0]!.queueDepth())['greet']).toBe(1);
    await Promise.all(queues.map((queue) => queue.start()));
    await until(() => ran.some((job) => job.name === 'greet'));
    await queues[0]!.enqueue('greet', { hello: 'late' });
    await until(() => ran.filter((job) => job.name === 'greet').length === 2);
    expect(ran.filter((job) => job.name === 'greet').map((job) => job.payload)).toEqual([{ hello: 'early' }, { hello: 'late' }]);
    expect((await queues[0]!.queueDepth())['greet']).toBe(0);
  });

  it('adds a keyed job once while one with that key waits', async () => {
    const runAt = new Date(Date.now() + 1_500);
    for (const queue of queues) {
      await queue.enqueue('keyed', { n: 1 }, { key: 'only-one', runAt });
      await queue.enqueue('keyed', { n: 2 }, { key: 'only-one', runAt });
    }
    await queues[0]!.enqueue('keyed', { n: 3 }, { key: 'another', runAt });
    await until(() => ran.filter((job) => job.name === 'keyed').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a duplicate would run by now
    expect(ran.filter((job) => job.name === 'keyed').map((job) => job.payload)).toEqual(expect.arrayContaining([{ n: 1 }, { n: 3 }]));
    expect(ran.filter((job) => job.name === 'keyed')).toHaveLength(2);
  });

  it('runs a schedule once per period, however many processes share the queue', async () => {
    const periods = () => ran.filter((job) => job.name === 'tick').map((job) => String(job.payload['at']));
    await until(() => periods().length >= 4);
    expect(new Set(periods()).size).toBe(periods().length);
    expect(periods().every((at) => new Date(at).getTime() % 1_000 === 0)).toBe(true);
  });

  it('stop() aborts the running jobs and waits for them to end', async () => {
    await queues[0]!.enqueue('hold', {});
    await until(() => holding);
    await Promise.all(queues.map((queue) => queue.stop()));
    expect(aborted).toBe(1);
    held = Promise.resolve();
  });
});
