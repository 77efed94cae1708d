import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import {
  BACKENDS,
  createOktaIam,
  oktaTreeLdif,
  openSyncFixture,
  startTestSlapd,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

const SUFFIX = 'dc=sched,dc=okta,dc=com';

describe.each(BACKENDS)('LDAP sync worker on %s', (_name, open) => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  let iam: Iam;
  const runsOf = (id: string) => fx.roster.read((repos) => repos.syncRuns.list(id, 50));

  beforeAll(async () => {
    [slapd, fx] = await Promise.all([
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 12, groups: 2 }) }),
      openSyncFixture(open),
    ]);
    fx.clock.set(new Date('2026-11-23T10:00:30Z'));
    iam = await createOktaIam(fx.roster, slapd, { sync: { schedule: '0 * * * *' } });
  });
  afterAll(async () => {
    await fx?.close();
    await slapd?.destroy();
  });

  it('starts one scheduled run per IAM per tick, even with two workers ticking together', async () => {
    const [a, b] = await Promise.all([fx.worker.tick(), fx.newWorker().tick()]);
    expect([...a, ...b]).toHaveLength(1);
    const run = await fx.waitForRun([...a, ...b][0]!.id);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      trigger: 'SCHEDULE',
      mode: 'FULL',
      counts: expect.objectContaining({ usersCreated: 12 }),
    });
    expect(await fx.worker.tick()).toEqual([]);
  });

  it('keeps its schedule across a restart: a new worker waits for the next cron tick', async () => {
    const restarted = fx.newWorker();
    fx.clock.set(new Date('2026-11-23T10:59:59Z'));
    expect(await restarted.tick()).toEqual([]);
    fx.clock.set(new Date('2026-11-23T11:00:01Z'));
    const [run] = await restarted.tick();
    expect(run).toMatchObject({ mode: 'DELTA', trigger: 'SCHEDULE' });
    expect((await fx.waitForRun(run!.id)).status).toBe('SUCCEEDED');
  });

  it('fails a run on a refused connection and retries it with backoff', async () => {
    await fx.roster.updateIam(iam.id, { ldap: { url: 'ldap://127.0.0.1:1', bindPassword: slapd.adminPassword } });
    fx.clock.set(new Date('2026-11-23T12:00:00Z'));
    const [failed] = await fx.worker.tick();
    const ended = await fx.waitForRun(failed!.id);
    expect(ended).toMatchObject({ status: 'FAILED' });
    expect(ended.error).toMatch(/^CONNECTION_FAILED: .*ECONNREFUSED/);
    fx.clock.set(new Date('2026-11-23T12:00:59Z'));
    expect(await fx.worker.tick()).toEqual([]);
    await fx.roster.updateIam(iam.id, { ldap: { url: slapd.url, bindPassword: slapd.adminPassword } });
    fx.clock.set(new Date('2026-11-23T12:01:01Z'));
    const [retried] = await fx.worker.tick();
    expect((await fx.waitForRun(retried!.id)).status).toBe('SUCCEEDED');
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(12);
  });

  it('skips IAMs whose sync is disabled', async () => {
    await fx.roster.updateIam(iam.id, { ldap: { sync: { enabled: false } } });
    fx.clock.set(new Date('2026-11-23T15:00:00Z'));
    expect(await fx.worker.tick()).toEqual([]);
    await fx.roster.updateIam(iam.id, { ldap: { sync: { enabled: true } } });
  });

  it('stop() ends a running sync as failed and waits for it', async () => {
    const worker = fx.newWorker();
    const started = await worker.runNow(iam.id, { mode: 'FULL' });
    await worker.stop();
    const run = await started.finished;
    expect(['FAILED', 'SUCCEEDED']).toContain(run.status);
    if (run.status === 'FAILED') expect(run.error).toMatch(/Stopped/);
    expect((await runsOf(iam.id)).filter((r) => r.status === 'RUNNING')).toEqual([]);
  });
  it('fails a run whose process died (no heartbeat) on a later tick, and leaves fresh runs alone', async () => {
    fx.clock.set(new Date('2026-11-23T20:30:00Z'));
    const orphan = await fx.roster.startSyncRun(iam.id, { mode: 'FULL', trigger: 'MANUAL' });
    await fx.worker.tick();
    expect((await fx.roster.read((repos) => repos.syncRuns.get(orphan.id)))?.status).toBe('RUNNING');
    fx.clock.set(new Date('2026-11-23T20:33:00Z'));
    await fx.worker.tick();
    const failed = await fx.roster.read((repos) => repos.syncRuns.get(orphan.id));
    expect(failed).toMatchObject({ status: 'FAILED', error: expect.stringContaining('Interrupted') });
  });
});
