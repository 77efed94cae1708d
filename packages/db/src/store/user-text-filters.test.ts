import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompareOperator, QueryCondition, UserQueryField } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';

type TestRoster = Awaited<ReturnType<typeof createTestRoster>>;
const backends: [string, () => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
];

// Profile values (a JSON column) and attribute values (text[]) follow the condition's caseExact
// for every operator, and a `%`, `_` or `\` in the value is a character, not a wildcard.
for (const [backend, open] of backends) {
  describe(`profile and attribute filters on ${backend}`, () => {
    let db: TestDatabase;
    let roster: TestRoster;
    let iamId: string;
    const names = async (filter: QueryCondition<UserQueryField>) =>
      (
        await roster.readModel.queryUserResources({ iamId, offset: 0, limit: 100, filter, sort: { field: 'userName', descending: false } })
      ).items.map(({ user }) => user.userName);
    const cmp = (field: UserQueryField, op: CompareOperator, value: string, caseExact = false): QueryCondition<UserQueryField> => ({
      kind: 'compare',
      field,
      op,
      value,
      caseExact,
    });

    beforeAll(async () => {
      db = await open();
      roster = await createTestRoster(db);
      iamId = (await roster.createIam({ displayName: 'Text filters', type: 'SAML' })).iam.id;
      const users = [
        ['dan', { title: 'Senior Engineer', department: '100% Sales', organization: 'ÉQUIPE Données' }, ['Platform', 'Data_Eng']],
        ['eve', { title: 'senior_engineer', department: '100 Sales' }, ['platform']],
        ['fay', { department: 'back\\slash' }, ['Data Eng', '50%']],
      ] as const;
      for (const [userName, profile, team] of users) {
        const user = await roster.createUser(iamId, { userName, profile }, 'SCIM');
        await roster.setUserAttributes(user.id, { 'ext.team': [...team] });
      }
    });
    afterAll(async () => db?.close());

    it('compares profile values case-insensitively unless caseExact, with every operator', async () => {
      expect(await names(cmp('profile.title', 'eq', 'SENIOR ENGINEER'))).toEqual(['dan']);
      expect(await names(cmp('profile.title', 'eq', 'SENIOR ENGINEER', true))).toEqual([]);
      expect(await names(cmp('profile.title', 'eq', 'Senior Engineer', true))).toEqual(['dan']);
      expect(await names(cmp('profile.title', 'ne', 'SENIOR ENGINEER'))).toEqual(['eve', 'fay']);
      expect(await names(cmp('profile.title', 'ne', 'SENIOR ENGINEER', true))).toEqual(['dan', 'eve', 'fay']);
      expect(await names(cmp('profile.title', 'co', 'ENGINEER'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('profile.title', 'co', 'Engineer', true))).toEqual(['dan']);
      expect(await names(cmp('profile.title', 'sw', 'SENIOR'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('profile.title', 'sw', 'senior', true))).toEqual(['eve']);
      expect(await names(cmp('profile.title', 'ew', 'ENGINEER'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('profile.title', 'ge', 'SENIOR'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('profile.title', 'lt', 'SENIOR'))).toEqual([]);
      expect(await names({ kind: 'not', condition: cmp('profile.title', 'eq', 'senior engineer') })).toEqual(['eve', 'fay']);
      expect(await names(cmp('profile.organization', 'eq', 'équipe DONNÉES'))).toEqual(['dan']);
    });

    it('takes %, _ and \\ in a profile value literally', async () => {
      expect(await names(cmp('profile.title', 'co', 'R_E'))).toEqual(['eve']);
      expect(await names(cmp('profile.department', 'co', '0%'))).toEqual(['dan']);
      expect(await names(cmp('profile.department', 'sw', '100%'))).toEqual(['dan']);
      expect(await names(cmp('profile.department', 'ew', '%'))).toEqual([]);
      expect(await names(cmp('profile.department', 'eq', '100_ sales'))).toEqual([]);
      expect(await names(cmp('profile.department', 'co', 'K\\S'))).toEqual(['fay']);
    });

    it('supports every operator on attributes, matching when any value matches, case-insensitively unless caseExact', async () => {
      expect(await names(cmp('attribute.ext.team', 'eq', 'PLATFORM'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('attribute.ext.team', 'eq', 'PLATFORM', true))).toEqual([]);
      expect(await names(cmp('attribute.ext.team', 'eq', 'Platform', true))).toEqual(['dan']);
      expect(await names(cmp('attribute.ext.team', 'ne', 'platform'))).toEqual(['fay']);
      expect(await names(cmp('attribute.ext.team', 'co', 'FORM'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('attribute.ext.team', 'co', 'FORM', true))).toEqual([]);
      expect(await names(cmp('attribute.ext.team', 'sw', 'data'))).toEqual(['dan', 'fay']);
      expect(await names(cmp('attribute.ext.team', 'ew', 'ENG'))).toEqual(['dan', 'fay']);
      expect(await names(cmp('attribute.ext.team', 'gt', 'm'))).toEqual(['dan', 'eve']);
      expect(await names(cmp('attribute.ext.team', 'le', 'PLATFORM'))).toEqual(['dan', 'eve', 'fay']);
      expect(await names(cmp('attribute.ext.team', 'lt', 'b'))).toEqual(['fay']);
      expect(await names(cmp('attribute.ext.team', 'ge', 'z'))).toEqual([]);
      expect(await names(cmp('attribute.other', 'co', 'a'))).toEqual([]);
      expect(await names({ kind: 'compare', field: 'attribute.ext.team', op: 'eq', value: null, caseExact: false })).toEqual([]);
    });

    it('takes %, _ and \\ in an attribute value literally', async () => {
      expect(await names(cmp('attribute.ext.team', 'ew', '_eng'))).toEqual(['dan']);
      expect(await names(cmp('attribute.ext.team', 'co', '%'))).toEqual(['fay']);
      expect(await names(cmp('attribute.ext.team', 'sw', '_'))).toEqual([]);
      expect(await names(cmp('attribute.ext.team', 'co', '\\'))).toEqual([]);
    });

    it('combines them with core fields in one query, counted and paged in the database', async () => {
      const filter: QueryCondition<UserQueryField> = {
        kind: 'or',
        conditions: [cmp('attribute.ext.team', 'co', 'form'), cmp('profile.department', 'co', 'SLASH')],
      };
      const page = await roster.readModel.queryUserResources({
        iamId,
        offset: 1,
        limit: 1,
        filter,
        sort: { field: 'userName', descending: true },
      });
      expect(page).toMatchObject({ total: 3, items: [{ user: { userName: 'eve' } }] });
    });
  });
}
