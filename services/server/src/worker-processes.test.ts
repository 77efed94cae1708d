import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import { createPostgresTestDatabase, createTestRoster, type TestDatabase, type TestRoster } from '@roster/db/testing';
import { createOktaIam, oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';

// The IAM's cron accepts a seconds field (croner), so "every 5 seconds" stands in for the
// per-minute schedule of the issue: the same code path, four ticks in 20 s instead of 4 minutes.
const EVERY_5_SECONDS = '*/5 * * * * *';
const PERIOD_MS = 5_000;

/**
 * Three worker processes (the built server, ROSTER_ROLES=worker) on one fresh PostgreSQL database,
 * sharing pg-boss: a frequent schedule runs exactly once per tick, and a worker killed with
 * SIGKILL in the middle of a run leaves that run FAILED (cut off), after which the next tick
 * starts a new one in a surviving process. The workers check schedules every second and beat
 * every second; a run without a heartbeat for 3 s counts as cut off (LDAP_SYNC_* below).
 */
describe('three worker processes on one PostgreSQL', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let roster: TestRoster;
  let small: TestSlapd;
  let large: TestSlapd;
  const workers: ServerProcess[] = [];
  const secretKey = randomBytes(32);

  const runsOf = (iamId: string) => db.prisma.syncRun.findMany({ where: { iamId }, orderBy: { startedAt: 'asc' } });
  const until = async <T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out; workers said:\n${workers.map((w) => w.output().slice(-2_000)).join('\n---\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    [db, small, large] = await Promise.all([
      createPostgresTestDatabase(),
      startTestSlapd({ suffix: 'dc=small,dc=com', seedLdif: oktaTreeLdif('dc=small,dc=com', { users: 10, groups: 2 }) }),
      // Large enough (and read 10 entries a page) that a run lasts well past the moment it is killed.
      startTestSlapd({ suffix: 'dc=large,dc=com', seedLdif: oktaTreeLdif('dc=large,dc=com', { users: 20_000, groups: 5 }) }),
    ]);
    roster = await createTestRoster(db, { secretKey: new Uint8Array(secretKey) });
    const env = {
      DATABASE_URL: db.url!,
      SECRET_KEY: secretKey.toString('base64'),
      ADMIN_TOKEN: 'a-shared-admin-token-for-every-process-0123',
      ROSTER_ROLES: 'worker',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'info',
      LDAP_SYNC_TICK_SECONDS: '1',
      LDAP_SYNC_HEARTBEAT_SECONDS: '1',
      LDAP_SYNC_STALE_AFTER_SECONDS: '3',
      LDAP_SYNC_RETRY_BASE_SECONDS: '1',
    };
    workers.push(...(await Promise.all([0, 1, 2].map(() => spawnServer(env)))));
    await Promise.all(workers.map((worker) => waitForHealth(worker)));
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await Promise.all([small?.destroy(), large?.destroy()]);
    await db?.close();
  });

  it('a schedule every 5 s runs exactly once per tick across the three processes', async () => {
    const iam: Iam = await createOktaIam(roster, small, { sync: { schedule: EVERY_5_SECONDS } });
    const firstTick = Math.floor(Date.now() / PERIOD_MS) + 1;
    const lastTick = firstTick + 3;
    // Wait until the fifth tick has had its run (or time has run out), then count per tick.
    await until(async () => (await runsOf(iam.id)).some((run) => Math.floor(run.startedAt.getTime() / PERIOD_MS) > lastTick));
    await roster.updateIam(iam.id, { ldap: { sync: { enabled: false } } });
    const runs = (await runsOf(iam.id)).filter((run) => {
      const tick = Math.floor(run.startedAt.getTime() / PERIOD_MS);
      return tick >= firstTick && tick <= lastTick;
    });
    const ticks = runs.map((run) => Math.floor(run.startedAt.getTime() / PERIOD_MS));
    expect(ticks).toEqual([firstTick, firstTick + 1, firstTick + 2, firstTick + 3]);
    expect(runs.map((run) => [run.trigger, run.status])).toEqual(Array.from({ length: 4 }, () => ['SCHEDULE', 'SUCCEEDED']));
    // Each run was started by exactly one of the processes (each logs the runs it starts).
    const startedBy = workers.map((worker) => runs.filter((run) => worker.output().includes(run.id)).length);
    expect(startedBy.reduce((sum, count) => sum + count, 0)).toBe(4);
  });

  it("/metrics: each process counts the runs it ended, by status, with their durations, and reports the shared queue's depth", async () => {
    const iamId = (await db.prisma.iam.findFirstOrThrow({ where: { type: 'LDAP' } })).id;
    await until(async () => (await runsOf(iamId)).every((run) => run.status !== 'RUNNING'));
    const succeeded = (await runsOf(iamId)).filter((run) => run.status === 'SUCCEEDED').length;
    const scrapes = await Promise.all(workers.map(async (worker) => (await fetch(`http://127.0.0.1:${worker.port}/metrics`)).text()));
    const sum = (pattern: RegExp) =>
      scrapes.reduce((total, text) => total + [...text.matchAll(pattern)].reduce((n, match) => n + Number(match[1]), 0), 0);
    expect(sum(/^roster_sync_runs_total\{status="SUCCEEDED",trigger="SCHEDULE"\} (\d+)$/gm)).toBe(succeeded);
    expect(sum(/^roster_sync_run_duration_seconds_count\{status="SUCCEEDED"\} (\d+)$/gm)).toBe(succeeded);
    for (const text of scrapes) expect(text).toMatch(/^roster_job_queue_depth\{job="ldap-sync\.run"\} \d+$/m);
  });

  it('a worker killed with SIGKILL mid-run leaves that run FAILED, and the next tick starts a new one elsewhere', async () => {
    const iam = await createOktaIam(roster, large, { sync: { schedule: EVERY_5_SECONDS } });
    // The run in progress, and the process that started it (it logs the run's id).
    const running = await until(async () => {
      const run = (await runsOf(iam.id)).find((r) => r.status === 'RUNNING');
      return run && workers.some((worker) => worker.output().includes(run.id)) ? run : null;
    });
    const victim = workers.find((worker) => worker.output().includes(running.id))!;
    victim.child.kill('SIGKILL');
    await victim.exited;

    const failed = await until(async () => {
      const run = await db.prisma.syncRun.findUnique({ where: { id: running.id } });
      return run?.status === 'FAILED' ? run : null;
    });
    expect(failed.error).toMatch(/Interrupted/);
    const next = await until(async () => (await runsOf(iam.id)).find((run) => run.startedAt > failed.finishedAt!));
    expect(next).toMatchObject({ trigger: 'SCHEDULE' });
    // Another worker started it (its log line may reach the pipe a moment after the row is there).
    const survivors = workers.filter((worker) => worker !== victim);
    expect(await until(async () => survivors.some((worker) => worker.output().includes(next.id)), 10_000)).toBe(true);
  });
});
