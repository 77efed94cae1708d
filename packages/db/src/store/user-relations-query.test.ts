import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { loadUserRelations } from './user-relations-query.ts';

const backends: [string, (options: TestDatabaseOptions) => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
];

for (const [backend, open] of backends) {
  describe(`user relations in one statement on ${backend}`, () => {
    let db: TestDatabase;
    const sql: string[] = [];
    let alice: string;
    let bob: string;
    let groupIds: string[];
    let roster: Awaited<ReturnType<typeof createTestRoster>>;
    beforeAll(async () => {
      db = await open({ onQuery: (query) => sql.push(query) });
      roster = await createTestRoster(db);
      await roster.createIam({ displayName: 'Okta', type: 'SAML' });
      alice = (
        await roster.createUser(
          'okta',
          {
            userName: 'alice',
            emails: [
              { value: 'a@x.io', type: 'work', primary: true },
              { value: 'alice@home.io', type: 'home', primary: false },
            ],
          },
          'SCIM',
        )
      ).id;
      bob = (await roster.createUser('okta', { userName: 'bob' }, 'SCIM')).id;
      groupIds = [];
      for (const name of ['g1', 'g2', 'g3', 'g4']) {
        const group = await roster.createGroup('okta', { displayName: name });
        await roster.addMembers(group.id, [alice]);
        groupIds.push(group.id);
      }
      groupIds.sort();
    });
    afterAll(async () => db?.close());

    it('returns emails in position order and group pages in membership order, in one query', async () => {
      sql.length = 0;
      const { emails, groupPages } = await loadUserRelations(db.reader, {
        emailsOf: [alice, bob],
        groupPages: [
          { userId: alice, take: 3 },
          { userId: bob, take: 3 },
        ],
      });
      expect(sql).toHaveLength(1);
      expect(emails.get(alice)?.map((e) => [e.value, e.type, e.primary])).toEqual([
        ['a@x.io', 'work', true],
        ['alice@home.io', 'home', false],
      ]);
      expect(emails.get(bob)).toEqual([]);
      expect(groupPages[0]!.map((g) => g.id)).toEqual(groupIds.slice(0, 3));
      expect(groupPages[0]![0]).toMatchObject({ id: groupIds[0], iamId: 'okta', createdAt: expect.any(Date), updatedAt: expect.any(Date) });
      expect(groupPages[1]).toEqual([]);
    });

    it('pages after and before a cursor, forwards and backwards', async () => {
      const { groupPages } = await loadUserRelations(db.reader, {
        groupPages: [
          { userId: alice, take: 2, cursor: groupIds[1]! },
          { userId: alice, take: -2, cursor: groupIds[3]! },
          { userId: alice, take: -5 },
        ],
      });
      expect(groupPages.map((page) => page.map((g) => groupIds.indexOf(g.id)))).toEqual([
        [2, 3],
        [1, 2],
        [0, 1, 2, 3],
      ]);
    });

    it('gives each user their own page of a group they share', async () => {
      const carol = (
        await roster.createUser('okta', { userName: 'carol', emails: [{ value: 'c@x.io', type: 'work', primary: true }] }, 'SCIM')
      ).id;
      await roster.addMembers(groupIds[2]!, [carol]);
      const { emails, groupPages } = await loadUserRelations(db.reader, {
        emailsOf: [carol, alice],
        groupPages: [
          { userId: carol, take: 5 },
          { userId: alice, take: -1 },
          { userId: carol, take: 0 },
        ],
      });
      expect(emails.get(carol)?.map((e) => e.value)).toEqual(['c@x.io']);
      expect(emails.get(alice)).toHaveLength(2);
      expect(groupPages.map((page) => page.map((g) => groupIds.indexOf(g.id)))).toEqual([[2], [3], []]);
    });

    it('returns attributes by name with all their values, in the same statement', async () => {
      await roster.setUserAttributes(alice, { 'hr.department': ['R&D', 'Ops'], 'hr.cost_center': ['42'] });
      sql.length = 0;
      const { emails, attributes } = await loadUserRelations(db.reader, { emailsOf: [bob], attributesOf: [alice, bob] });
      expect(sql).toHaveLength(1);
      expect(attributes.get(alice)).toEqual([
        { name: 'hr.cost_center', values: ['42'] },
        { name: 'hr.department', values: ['R&D', 'Ops'] },
      ]);
      expect(attributes.get(bob)).toEqual([]);
      expect(emails.get(bob)).toEqual([]);
    });

    it('asks nothing when nothing is wanted', async () => {
      sql.length = 0;
      expect(await loadUserRelations(db.reader, {})).toEqual({ emails: new Map(), attributes: new Map(), groupPages: [] });
      expect(sql).toHaveLength(0);
    });
  });
}
