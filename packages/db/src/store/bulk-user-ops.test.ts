import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Roster } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { expectCode } from '../testing/store-contract.ts';

// The bulk lookups and inserts a directory sync uses per page (createUsers, createGroups, the
// set-based membership changes, the bulk repository's reads), on both databases.
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
    iamId = (await roster.createIam({ displayName: 'Directory', type: 'LDAP', settings: { defaultPermissions: ['IDENTITY_READ'] } })).iam
      .id;
  });
  afterAll(async () => db?.close());

  it('creates many users in one go, with their emails, default permissions and one event each', async () => {
    const inputs = Array.from({ length: 25 }, (_, i) => ({
      userName: `Bulk${i}`,
      externalId: `guid-${i}`,
      emails: [{ value: `bulk${i}@example.com`, primary: true }],
    }));
    const created = await roster.createUsers(iamId, inputs, 'LDAP');
    expect(created).toHaveLength(25);
    expect(created[0]).toMatchObject({
      userName: 'Bulk0',
      externalId: 'guid-0',
      source: 'LDAP',
      permissions: ['IDENTITY_READ'],
      active: true,
    });
    const events = await roster.events.readAfter({ after: 0, iamId, types: ['USER_CREATED'], limit: 100 });
    expect(events).toHaveLength(25);
    expect(
      (await roster.read((repos) => repos.users.findByExternalIds(iamId, ['guid-3', 'guid-7', 'missing']))).map((u) => u.userName).sort(),
    ).toEqual(['Bulk3', 'Bulk7']);
    expect(
      (await roster.read((repos) => repos.users.findByUserNames(iamId, ['bulk1', 'BULK2', 'nobody'])))
        .map((u) => u.emails[0]?.value)
        .sort(),
    ).toEqual(['bulk1@example.com', 'bulk2@example.com']);
  });

  it('stores the attributes given with new users, with one event each', async () => {
    const [user] = await roster.createUsers(
      iamId,
      [{ userName: 'with-attrs', attributes: { 'ldap.department': ['D1', ' D1 '], 'ldap.empty': [] } }],
      'LDAP',
    );
    expect(await roster.read((repos) => repos.userAttributes.get(user!.id))).toEqual({ 'ldap.department': ['D1'] });
    const events = await roster.events.readAfter({ after: 0, iamId, types: ['USER_ATTRIBUTES_CHANGED'], limit: 10 });
    expect(events.map((event) => event.subjectId)).toEqual([user!.id]);
    await expectCode(roster.createUsers(iamId, [{ userName: 'bad-attrs', attributes: { nodot: ['x'] } }], 'LDAP'), 'VALIDATION_FAILED');
  });

  it('stores every field of new users as given, the empty ones and the kept source included', async () => {
    const other = (await roster.createIam({ displayName: 'Fields directory', type: 'LDAP' })).iam.id;
    const [full, bare] = await roster.createUsers(
      other,
      [
        {
          userName: 'Full.Name',
          externalId: 'guid-full',
          active: false,
          displayName: 'Full Name',
          givenName: 'Full',
          familyName: 'Name',
          profile: { title: 'Engineer', department: 'R&D "West"' },
          sourceAttributes: { uid: ['Full.Name'], description: ['Quotes " and \\ backslashes'], objectClass: ['inetOrgPerson', 'top'] },
        },
        { userName: 'bare' },
      ],
      'LDAP',
    );
    const stored = await roster.read((repos) => repos.bulk.usersByUserNames(other, ['FULL.NAME', 'bare']));
    expect(stored.find((user) => user.id === full!.id)).toEqual(full);
    expect(stored.find((user) => user.id === bare!.id)).toEqual(bare);
    expect(bare).toMatchObject({
      externalId: null,
      displayName: null,
      givenName: null,
      familyName: null,
      profile: {},
      active: true,
      sourceAttributes: {},
    });
    expect(stored.find((user) => user.id === full!.id)?.sourceAttributes).toEqual({
      uid: ['Full.Name'],
      description: ['Quotes " and \\ backslashes'],
      objectClass: ['inetOrgPerson', 'top'],
    });
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

  it('creates many groups in one go with one event each, and none when a name is taken or repeated', async () => {
    const groups = await roster.createGroups(iamId, [
      { displayName: 'Dir A', externalId: 'ga' },
      { displayName: 'Dir B', externalId: 'gb' },
    ]);
    expect(groups.map((g) => [g.displayName, g.externalId, g.version])).toEqual([
      ['Dir A', 'ga', 1],
      ['Dir B', 'gb', 1],
    ]);
    expect((await roster.events.readAfter({ after: 0, iamId, types: ['GROUP_CREATED'], limit: 10 })).map((e) => e.subjectId)).toEqual(
      groups.map((g) => g.id),
    );
    await expectCode(roster.createGroups(iamId, [{ displayName: 'Dir C' }, { displayName: 'dir a' }]), 'GROUP_NAME_TAKEN');
    await expectCode(roster.createGroups(iamId, [{ displayName: 'Twin G' }, { displayName: 'twin g' }]), 'GROUP_NAME_TAKEN');
    await roster.createGroup(iamId, { displayName: 'No directory id' });
    const listed = await roster.read((repos) => repos.bulk.directoryGroups(iamId));
    expect(listed.map((g) => g.displayName).sort()).toEqual(['Dir A', 'Dir B']);
    expect(listed[0]!.createdAt).toBeInstanceOf(Date);
  });

  it('replaces the members of many groups at once: one event per change, versions move, no change writes nothing', async () => {
    const [a, b] = await roster.read((repos) => repos.bulk.groupsByDisplayNames(iamId, ['DIR A', 'dir b']));
    const users = await roster.read((repos) => repos.bulk.usersByUserNames(iamId, ['bulk1', 'bulk2', 'bulk3']));
    const [u1, u2, u3] = ['Bulk1', 'Bulk2', 'Bulk3'].map((name) => users.find((u) => u.userName === name)!.id);
    const first = await roster.replaceGroupMembers(
      iamId,
      new Map([
        [a!.id, [u1!, u2!]],
        [b!.id, [u3!]],
      ]),
    );
    expect(first.add).toHaveLength(3);
    const last = (await roster.events.readAfter({ after: 0, iamId, limit: 1_000 })).at(-1)!.seq;
    const second = await roster.replaceGroupMembers(
      iamId,
      new Map([
        [a!.id, [u2!]],
        [b!.id, [u3!]],
      ]),
    );
    expect(second).toEqual({ add: [], remove: [{ groupId: a!.id, userId: u1 }] });
    const events = await roster.events.readAfter({ after: last, iamId, limit: 10 });
    expect(events.map((e) => [e.type, e.data])).toEqual([['MEMBERSHIP_REMOVED', { groupId: a!.id, userId: u1 }]]);
    const [a2, b2] = await roster.read((repos) => repos.groups.getMany([a!.id, b!.id]));
    expect([a2, b2].find((g) => g!.id === a!.id)!.version).toBe(3);
    expect([a2, b2].find((g) => g!.id === b!.id)!.version).toBe(2);
    expect(await roster.read((repos) => repos.bulk.memberIdsOfGroups([a!.id]))).toEqual(new Map([[a!.id, [u2]]]));
    expect((await roster.read((repos) => repos.bulk.groupIdsOfUsers([u3!]))).get(u3!)).toEqual([b!.id]);
    const unchanged = await roster.replaceGroupMembers(iamId, new Map([[a!.id, [u2!]]]));
    expect(unchanged).toEqual({ add: [], remove: [] });
    expect(await roster.events.readAfter({ after: events.at(-1)!.seq, iamId, limit: 10 })).toEqual([]);
  });

  it('refuses members from another IAM and groups of another IAM, changing nothing', async () => {
    const other = (await roster.createIam({ displayName: 'Other directory', type: 'LDAP' })).iam.id;
    const [stranger] = await roster.createUsers(other, [{ userName: 'stranger' }], 'LDAP');
    const [strangeGroup] = await roster.createGroups(other, [{ displayName: 'Elsewhere', externalId: 'x' }]);
    const [a] = await roster.read((repos) => repos.bulk.groupsByDisplayNames(iamId, ['Dir A']));
    await expectCode(roster.changeMemberships(iamId, { add: [{ groupId: a!.id, userId: stranger!.id }], remove: [] }), 'USER_NOT_FOUND');
    const [member] = await roster.read((repos) => repos.bulk.usersByUserNames(iamId, ['bulk5']));
    await expectCode(
      roster.changeMemberships(iamId, { add: [{ groupId: strangeGroup!.id, userId: member!.id }], remove: [] }),
      'GROUP_NOT_FOUND',
    );
    expect(await roster.read((repos) => repos.bulk.memberIdsOfGroups([strangeGroup!.id]))).toEqual(new Map([[strangeGroup!.id, []]]));
  });

  it('lists active user ids page by page in id order', async () => {
    const all = await roster.read((repos) => repos.users.count(iamId, { active: true }));
    const seen: string[] = [];
    let afterId: string | undefined;
    for (;;) {
      const page = await roster.read((repos) => repos.bulk.activeUserIds(iamId, { afterId, limit: 7 }));
      seen.push(...page);
      if (page.length < 7) break;
      afterId = page.at(-1);
    }
    expect(seen).toHaveLength(all);
    expect([...seen].sort()).toEqual(seen);
  });
});
