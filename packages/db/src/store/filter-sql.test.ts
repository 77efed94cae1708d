import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupQueryField, QueryCondition, UserQueryField } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { expectCode } from '../testing/store-contract.ts';
import { countUsers } from './user-list-query.ts';

const backends: [string, () => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
];

// The one compiler serves users and groups alike: the same literal rules and two-valued logic on both.
for (const [backend, open] of backends) {
  describe(`the filter compiler on ${backend}`, () => {
    let db: TestDatabase;
    let roster: Awaited<ReturnType<typeof createTestRoster>>;
    let iamId: string;
    let userId: string;
    const groups = (filter: QueryCondition<GroupQueryField>) =>
      roster
        .read((r) => r.queries.groups({ iamId, offset: 0, limit: 10, filter, sort: { field: 'displayName', descending: false } }))
        .then((page) => page.items.map((group) => group.displayName));
    const users = (filter: QueryCondition<UserQueryField>) =>
      roster.readModel
        .queryUserResources({ iamId, offset: 0, limit: 10, filter })
        .then((page) => page.items.map(({ user }) => user.userName));

    beforeAll(async () => {
      db = await open();
      roster = await createTestRoster(db);
      iamId = (await roster.createIam({ displayName: 'Filters', type: 'SAML' })).iam.id;
      userId = (await roster.createUser(iamId, { userName: 'al' }, 'SCIM')).id;
      const admins = await roster.createGroup(iamId, { displayName: 'Admins' });
      await roster.createGroup(iamId, { displayName: 'Bees', externalId: 'b-1' });
      await roster.addMembers(admins.id, [userId]); // Admins is now at version 2
    });
    afterAll(() => db.close());

    it('compares numbers as numbers, a fraction included, on users and groups', async () => {
      expect(await groups({ kind: 'compare', field: 'version', op: 'gt', value: 1.5, caseExact: false })).toEqual(['Admins']);
      expect(await users({ kind: 'compare', field: 'version', op: 'lt', value: 1.5, caseExact: false })).toEqual(['al']);
    });

    it('negates two-valued: a group without an externalId is "not equal" to one', async () => {
      const hasB1 = { kind: 'compare', field: 'externalId', op: 'eq', value: 'b-1', caseExact: true } as const;
      expect(await groups({ kind: 'not', condition: hasB1 })).toEqual(['Admins']);
      expect(await groups({ kind: 'present', field: 'externalId' })).toEqual(['Bees']);
    });

    it('matches members by id in any case, and refuses anything else inside members[...]', async () => {
      const member = { kind: 'compare', field: 'member.id', op: 'eq', value: userId.toUpperCase(), caseExact: false } as const;
      expect(await groups({ kind: 'some', collection: 'member', condition: member })).toEqual(['Admins']);
      expect(await groups({ kind: 'present', field: 'member.id' })).toEqual(['Admins']);
      await expectCode(groups({ kind: 'some', collection: 'member', condition: { kind: 'not', condition: member } }), 'VALIDATION_FAILED');
      await expectCode(groups({ kind: 'some', collection: 'email', condition: { kind: 'constant', value: true } }), 'VALIDATION_FAILED');
    });

    it('compiles the GraphQL users filter through the same compiler', async () => {
      expect(await countUsers(db.reader, { iamId, search: 'AL', active: true })).toBe(1);
      expect(await countUsers(db.reader, { iamId, groupId: 'not-a-uuid' })).toBe(0);
    });
  });
}
