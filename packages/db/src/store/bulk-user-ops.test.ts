import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { expectCode } from '../testing/store-contract.ts';

// The bulk lookups and inserts a directory sync uses per page (createUsers, findByExternalIds,
// findByUserNames, listPage), on both databases.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('bulk user operations on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: Roster;
  let iamId: string;
  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    iamId = (await roster.createIam({ displayName: 'Directory', type: 'LDAP', settings: { defaultPermissions: ['IDENTITY_READ'] } })).iam.id;
  });
  afterAll(async () => db?.close());

  it('creates many users in one go, with their emails, default permissions and one event each', async () => {
    const inputs = Array.from({ length: 25 }, (_, i) => ({ userName: `Bulk${i}`, externalId: `guid-${i}`, emails: [{ value: `bulk${i}@example.com`, primary: true }] }));
    const created = await roster.createUsers(iamId, inputs, 'LDAP');
    expect(created).toHaveLength(25);
    expect(created[0]).toMatchObject({ userName: 'Bulk0', externalId: 'guid-0', source: 'LDAP', permissions: ['IDENTITY_READ'], active: true });
    const events = await roster.events.readAfter({ after: 0, iamId, types: ['USER_CREATED'], limit: 100 });
    expect(events).toHaveLength(25);
    expect((await roster.read((repos) => repos.users.findByExternalIds(iamId, ['guid-3', 'guid-7', 'missing']))).map((u) => u.userName).sort()).toEqual(['Bulk3', 'Bulk7']);
    expect((await roster.read((repos) => repos.users.findByUserNames(iamId, ['bulk1', 'BULK2', 'nobody']))).map((u) => u.emails[0]?.value).sort()).toEqual(['bulk1@example.com', 'bulk2@example.com']);
  });

  it('stores the attributes given with new users, with one event each', async () => {
    const [user] = await roster.createUsers(iamId, [{ userName: 'with-attrs', attributes: { 'ldap.department': ['D1', ' D1 '], 'ldap.empty': [] } }], 'LDAP');
    expect(await roster.read((repos) => repos.userAttributes.get(user!.id))).toEqual({ 'ldap.department': ['D1'] });
    const events = await roster.events.readAfter({ after: 0, iamId, types: ['USER_ATTRIBUTES_CHANGED'], limit: 10 });
    expect(events.map((event) => event.subjectId)).toEqual([user!.id]);
    await expectCode(roster.createUsers(iamId, [{ userName: 'bad-attrs', attributes: { nodot: ['x'] } }], 'LDAP'), 'VALIDATION_FAILED');
  });

  it('creates none when one name is taken or repeated', async () => {
    await expectCode(roster.createUsers(iamId, [{ userName: 'fresh-1' }, { userName: 'BULK4' }], 'LDAP'), 'USER_NAME_TAKEN');
    await expectCode(roster.createUsers(iamId, [{ userName: 'twin' }, { userName: 'Twin' }], 'LDAP'), 'USER_NAME_TAKEN');
    expect(await roster.read((repos) => repos.users.findByUserNames(iamId, ['fresh-1', 'twin']))).toEqual([]);
  });

  it('walks an IAM page by page in id order', async () => {
    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await roster.read((repos) => repos.users.listPage(iamId, { afterId, limit: 10 }));
      seen.push(...page.map((u) => u.id));
      if (page.length < 10) break;
      afterId = page.at(-1)!.id;
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect([...seen].sort()).toEqual(seen);
  });
});
