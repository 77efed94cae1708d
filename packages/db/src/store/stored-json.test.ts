import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRosterError, type Roster } from '@roster/core';
import { createPgliteTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';

// A JSON column whose content is not what Roster wrote (a hand edit, a bad restore) must come
// out as one coded error naming the row, not as a TypeError somewhere in a resolver.
describe('stored JSON that does not parse', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let roster: Roster;
  let iamId: string;
  const corrupt = async <T>(promise: Promise<T>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRosterError(error, 'STORAGE_CORRUPT')).toBe(true);
    return error as { message: string; details: { where: string } };
  };

  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    iamId = (await roster.createIam({ displayName: 'Corp LDAP', type: 'LDAP' })).iam.id;
  });
  afterAll(() => db.close());

  it('is STORAGE_CORRUPT naming the row and column, for sync runs, users, events and IAMs', async () => {
    const run = await roster.startSyncRun(iamId, { mode: 'FULL', trigger: 'MANUAL' });
    await db.prisma.$executeRaw`UPDATE "SyncRun" SET counts = '{"usersCreated": "many"}' WHERE id = ${run.id}::uuid`;
    const failed = await corrupt(roster.read((repos) => repos.syncRuns.get(run.id)));
    expect(failed.details.where).toBe(`SyncRun ${run.id}.counts`);
    expect(failed.message).not.toContain('many');

    const user = await roster.createUser(iamId, { userName: 'ann' }, 'ADMIN');
    await db.prisma.$executeRaw`UPDATE "User" SET profile = '[1, 2]' WHERE id = ${user.id}::uuid`;
    expect((await corrupt(roster.read((repos) => repos.users.get(user.id)))).details.where).toBe(`User ${user.id}.profile`);

    await db.prisma.$executeRaw`UPDATE "Event" SET data = '"text"' WHERE "subjectId" = ${user.id}`;
    await corrupt(roster.events.readAfter({ after: 0, iamId, limit: 100 }));

    await db.prisma.$executeRaw`UPDATE "Iam" SET settings = '{"syncGroups": "yes"}' WHERE id = ${iamId}`;
    expect((await corrupt(roster.read((repos) => repos.iams.get(iamId)))).details.where).toBe(`Iam ${iamId}.settings`);
  });
});
