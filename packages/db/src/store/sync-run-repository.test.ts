import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '@roster/core';
import { createPgliteTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';

describe('a failed sync run', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let roster: Roster;
  let iamId: string;

  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    iamId = (await roster.createIam({ displayName: 'Corp LDAP', type: 'LDAP' })).iam.id;
  });
  afterAll(() => db.close());

  const columns = (id: string) => db.prisma.syncRun.findUniqueOrThrow({ where: { id }, select: { errorCode: true, error: true } });

  it('stores the code and the message apart, and reads back as one line `CODE: message`', async () => {
    const run = await roster.startSyncRun(iamId, { mode: 'FULL', trigger: 'MANUAL' });
    const failure = { code: 'CONNECTION_FAILED', message: 'connecting: cannot reach the directory (ECONNREFUSED).' };
    const failed = await roster.failSyncRun(run.id, failure);
    expect(failed).toMatchObject({ status: 'FAILED', error: `CONNECTION_FAILED: ${failure.message}`, failure });
    expect(await columns(run.id)).toEqual({ errorCode: 'CONNECTION_FAILED', error: failure.message });
    expect(await roster.read((repos) => repos.syncRuns.get(run.id))).toMatchObject({ error: failed.error, failure });
    const [event] = (await roster.events.readAfter({ after: 0, iamId, types: ['SYNC_RUN_FAILED'], limit: 10 })).slice(-1);
    expect(event?.data).toMatchObject({ error: failed.error, errorCode: 'CONNECTION_FAILED' });
  });

  it('keeps a reason without a code as the message alone', async () => {
    const run = await roster.startSyncRun(iamId, { mode: 'FULL', trigger: 'MANUAL' });
    const failed = await roster.failSyncRun(run.id, 'Stopped: the worker is shutting down.');
    expect(failed).toMatchObject({ error: 'Stopped: the worker is shutting down.', failure: { code: null } });
    expect(await columns(run.id)).toEqual({ errorCode: null, error: 'Stopped: the worker is shutting down.' });
    expect(await roster.read((repos) => repos.syncRuns.get(run.id))).toMatchObject({ error: failed.error, failure: failed.failure });
  });
});
