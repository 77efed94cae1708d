import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { loadGroupMemberPages } from './group-members-query.ts';
import { membershipPageKey } from './membership-pages.ts';
import { countUsers, listUsers, userListPosition, usersByIds, type UserListPage } from './user-list-query.ts';
import { loadUserRelations } from './user-relations-query.ts';

const backends: [string, (options: TestDatabaseOptions) => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
];

for (const [backend, open] of backends) {
  describe(`lists of users in one statement on ${backend}`, () => {
    let db: TestDatabase;
    const sql: string[] = [];
    let roster: Awaited<ReturnType<typeof createTestRoster>>;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      db = await open({ onQuery: (query) => sql.push(query) });
      roster = await createTestRoster(db);
      await roster.ensureBuiltinIam();
      await roster.createIam({ displayName: 'Corp', type: 'LDAP' });
      const people: [string, string | null][] = [
        ['ann', 'Ann 100%'],
        ['Bea', null],
        ['cid', 'Cid_x'],
        ['dan', null],
        ['eve', 'Eve'],
      ];
      for (const [userName, displayName] of people) {
        ids[userName] = (
          await roster.createUser(
            'bim',
            { userName, displayName, emails: [{ value: `${userName}@corp.io`, type: 'work', primary: true }] },
            'ADMIN',
          )
        ).id;
      }
      await roster.createUser('corp', { userName: 'ann' }, 'LDAP');
    });
    afterAll(async () => db?.close());

    const names = async (page: Omit<UserListPage, 'iamId'>) =>
      (await listUsers(db.reader, { iamId: 'bim', ...page })).map((user) => user.userName);

    it('reads a page with every column, in one statement', async () => {
      sql.length = 0;
      const [ann] = await listUsers(db.reader, { iamId: 'bim', order: 'userName', descending: false, take: 1 });
      expect(sql).toHaveLength(1);
      expect(ann).toEqual({ ...(await usersByIds(db.reader, [ann!.id]))[0], userNameKey: 'ann' });
      expect(ann).toMatchObject({
        iamId: 'bim',
        userName: 'ann',
        displayName: 'Ann 100%',
        active: true,
        deprovisionedAt: null,
        source: 'ADMIN',
        version: 1,
        createdAt: expect.any(Date),
      });
    });

    it('sorts NULL display names last ascending and first descending, and pages through them both ways', async () => {
      const byId = (a: string, b: string) => (ids[a]! < ids[b]! ? [a, b] : [b, a]);
      const ascending = ['ann', 'cid', 'eve', ...byId('Bea', 'dan')];
      expect(await names({ order: 'displayName', descending: false, take: 10 })).toEqual(ascending);
      expect(await names({ order: 'displayName', descending: true, take: 10 })).toEqual([...ascending].reverse());
      for (const descending of [false, true]) {
        const all = await listUsers(db.reader, { iamId: 'bim', order: 'displayName', descending, take: 10 });
        for (const [i, user] of all.entries()) {
          const cursor = userListPosition(user, 'displayName');
          expect(await names({ order: 'displayName', descending, take: 10, cursor }), `after ${user.userName}`).toEqual(
            all.slice(i + 1).map((u) => u.userName),
          );
          expect(await names({ order: 'displayName', descending, take: -10, cursor }), `before ${user.userName}`).toEqual(
            all.slice(0, i).map((u) => u.userName),
          );
        }
      }
    });

    it('keeps paging after the user a cursor was taken from is gone', async () => {
      const gone = await roster.createUser('bim', { userName: 'bob' }, 'ADMIN');
      const [stored] = await usersByIds(db.reader, [gone.id]);
      await roster.removeUser(gone.id);
      expect(await names({ order: 'userName', descending: false, take: 2, cursor: userListPosition(stored!, 'userName') })).toEqual([
        'cid',
        'dan',
      ]);
    });

    it('searches names and emails literally, case-insensitively', async () => {
      const search = async (text: string) =>
        (await listUsers(db.reader, { iamId: 'bim', search: text, order: 'userName', descending: false, take: 10 })).map((u) => u.userName);
      expect(await search('100%')).toEqual(['ann']);
      expect(await search('%')).toEqual(['ann']);
      expect(await search('c_d')).toEqual([]);
      expect(await search('CID_')).toEqual(['cid']);
      expect(await search('bea@CORP')).toEqual(['Bea']);
      expect(await countUsers(db.reader, { iamId: 'bim', search: 'corp.io' })).toBe(5);
      expect(await countUsers(db.reader, { search: 'ann' })).toBe(2);
    });

    it('matches no one for a group id that is not a UUID, and skips ids that are not users', async () => {
      expect(await countUsers(db.reader, { iamId: 'bim', groupId: 'not-a-uuid' })).toBe(0);
      expect((await usersByIds(db.reader, [ids['eve']!, 'nope', '00000000-0000-4000-8000-000000000000'])).map((u) => u.userName)).toEqual([
        'eve',
      ]);
    });

    it('reads emails and group pages with the page, in the same statement, as loadUserRelations reads them', async () => {
      const groups = [];
      for (const name of ['x1', 'x2', 'x3']) groups.push(await roster.createGroup('bim', { displayName: name }));
      const sorted = groups.map((g) => g.id).sort();
      for (const id of sorted) await roster.addMembers(id, [ids['ann']!, ids['cid']!]);
      const requests = [{ take: 2 }, { take: 2, cursor: sorted[0] }, { take: -2, cursor: sorted[2] }, { take: -5 }];
      sql.length = 0;
      const users = await listUsers(
        db.reader,
        { iamId: 'bim', order: 'userName', descending: false, take: 3 },
        { emails: true, groupPages: requests },
      );
      expect(sql).toHaveLength(1);
      const reference = await loadUserRelations(db.reader, {
        emailsOf: users.map((u) => u.id),
        groupPages: users.flatMap((u) => requests.map((r) => ({ ...r, userId: u.id }))),
      });
      for (const [i, user] of users.entries()) {
        expect(user.emails).toEqual(reference.emails.get(user.id));
        for (const [k, request] of requests.entries())
          expect(user.groupPages?.get(membershipPageKey(request)), `${user.userName} ${k}`).toEqual(
            reference.groupPages[i * requests.length + k],
          );
      }
      expect(users[0]!.groupPages?.get(membershipPageKey(requests[2]!))?.map((g) => g.id)).toEqual(sorted.slice(0, 2));
      expect(users.find((u) => u.userName === 'Bea')!.groupPages?.get(membershipPageKey(requests[0]!))).toEqual([]);
    });

    it("reads pages of many groups' members in one statement, forwards and backwards", async () => {
      const staff = await roster.createGroup('bim', { displayName: 'staff' });
      const ops = await roster.createGroup('bim', { displayName: 'ops' });
      const members = ['ann', 'Bea', 'cid', 'dan'].map((name) => ids[name]!).sort();
      await roster.addMembers(staff.id, members);
      await roster.addMembers(ops.id, [ids['eve']!]);
      sql.length = 0;
      const pages = await loadGroupMemberPages(db.reader, [
        { groupId: staff.id, take: 2 },
        { groupId: staff.id, take: 2, cursor: members[1] },
        { groupId: staff.id, take: -2, cursor: members[3] },
        { groupId: ops.id, take: 5 },
        { groupId: ops.id, take: 0 },
      ]);
      expect(sql).toHaveLength(1);
      expect(pages.map((page) => page.map((user) => user.id))).toEqual([
        members.slice(0, 2),
        members.slice(2, 4),
        members.slice(1, 3),
        [ids['eve']],
        [],
      ]);
      expect(pages[3]![0]).toMatchObject({ userName: 'eve', iamId: 'bim', createdAt: expect.any(Date) });
    });
  });
}
