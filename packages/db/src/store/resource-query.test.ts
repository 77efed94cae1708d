import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupQueryField, QueryCondition, UserQueryField } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { expectCode } from '../testing/store-contract.ts';

type TestRoster = Awaited<ReturnType<typeof createTestRoster>>;
const backends: [string, () => Promise<TestDatabase>][] = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
];

for (const [backend, open] of backends) {
  describe(`resource queries on ${backend}`, () => {
    let db: TestDatabase;
    let roster: TestRoster;
    let iamId: string;
    const ids: Record<string, string> = {};
    const names = async (filter?: QueryCondition<UserQueryField>, extra: object = {}) =>
      (await roster.readModel.queryUserResources({ iamId, offset: 0, limit: 100, ...(filter ? { filter } : {}), ...extra })).items.map(
        ({ user }) => user.userName,
      );
    const eq = (field: UserQueryField, value: string | boolean, caseExact = false): QueryCondition<UserQueryField> => ({
      kind: 'compare',
      field,
      op: 'eq',
      value,
      caseExact,
    });

    beforeAll(async () => {
      db = await open();
      roster = await createTestRoster(db);
      iamId = (await roster.createIam({ displayName: 'Query IAM', type: 'SAML' })).iam.id;
      const other = (await roster.createIam({ displayName: 'Other IAM', type: 'SAML' })).iam.id;
      await roster.createUser(other, { userName: 'Alice' }, 'SCIM');
      for (const [userName, title, email] of [
        ['Alice', 'CTO', 'alice@x.io'],
        ['bob', null, 'BOB@x.io'],
        ['carol', 'Dev', null],
      ] as const) {
        const user = await roster.createUser(
          iamId,
          { userName, profile: { title }, emails: email ? [{ value: email, type: 'work', primary: true }] : [] },
          'SCIM',
        );
        ids[userName] = user.id;
      }
      await roster.setUserAttributes(ids['bob']!, { 'scimuser.department': ['Sales'] });
      await roster.removeUser(ids['carol']!);
    });
    afterAll(async () => db?.close());

    it('filters within the IAM only, without deprovisioned users unless asked', async () => {
      expect(await names()).toEqual(['Alice', 'bob']);
      expect(await names(undefined, { includeDeprovisioned: true })).toEqual(['Alice', 'bob', 'carol']);
    });

    it('compares case-insensitively unless caseExact, on columns, emails, profile and attributes', async () => {
      expect(await names(eq('userName', 'ALICE'))).toEqual(['Alice']);
      expect(await names(eq('email.value', 'bob@X.io'))).toEqual(['bob']);
      expect(await names(eq('profile.title', 'CTO', true))).toEqual(['Alice']);
      expect(await names(eq('attribute.scimuser.department', 'Sales', true))).toEqual(['bob']);
      expect(await names({ kind: 'compare', field: 'userName', op: 'sw', value: 'AL', caseExact: false })).toEqual(['Alice']);
      expect(await names({ kind: 'compare', field: 'displayName', op: 'ne', value: 'x', caseExact: false })).toEqual(['Alice', 'bob']);
      expect(await names({ kind: 'not', condition: { kind: 'present', field: 'email.value' } }, { includeDeprovisioned: true })).toEqual([
        'carol',
      ]);
      expect(
        await names({
          kind: 'some',
          collection: 'email',
          condition: { kind: 'and', conditions: [eq('email.type', 'WORK'), eq('email.value', 'alice@x.io')] },
        }),
      ).toEqual(['Alice']);
      expect(await names(eq('id', 'not-a-uuid', true))).toEqual([]);
    });

    it('sorts, pages stably and counts in the database', async () => {
      const page = await roster.readModel.queryUserResources({
        iamId,
        offset: 1,
        limit: 1,
        sort: { field: 'userName', descending: true },
        includeDeprovisioned: true,
      });
      expect(page.total).toBe(3);
      expect(page.items.map(({ user }) => user.userName)).toEqual(['bob']);
      const none = await roster.readModel.queryUserResources({ iamId, offset: 0, limit: 0 });
      expect(none).toEqual({ total: 2, items: [] });
    });

    it('refuses comparisons the store cannot evaluate with VALIDATION_FAILED', async () => {
      await expectCode(
        roster.readModel.queryUserResources({
          iamId,
          offset: 0,
          limit: 1,
          filter: { kind: 'compare', field: 'active', op: 'gt', value: true, caseExact: false },
        }),
        'VALIDATION_FAILED',
      );
      await expectCode(
        roster.readModel.queryUserResources({
          iamId,
          offset: 0,
          limit: 1,
          filter: { kind: 'compare', field: 'email.primary', op: 'co', value: 'x', caseExact: true },
        }),
        'VALIDATION_FAILED',
      );
      await expectCode(
        roster.readModel.queryUserResources({
          iamId,
          offset: 0,
          limit: 1,
          filter: { kind: 'compare', field: 'attribute.a.b', op: 'gt', value: null, caseExact: true },
        }),
        'VALIDATION_FAILED',
      );
    });

    it('queries groups by name and by member', async () => {
      const group = await roster.createGroup(iamId, { displayName: 'Admins' });
      await roster.addMembers(group.id, [ids['Alice']!]);
      const find = (filter: QueryCondition<GroupQueryField>) =>
        roster.read((r) => r.queries.groups({ iamId, offset: 0, limit: 10, filter })).then((p) => p.items.map((g) => g.displayName));
      expect(await find({ kind: 'compare', field: 'displayName', op: 'eq', value: 'ADMINS', caseExact: false })).toEqual(['Admins']);
      expect(await find({ kind: 'compare', field: 'member.id', op: 'eq', value: ids['Alice']!, caseExact: true })).toEqual(['Admins']);
      expect(await find({ kind: 'compare', field: 'member.id', op: 'eq', value: ids['bob']!, caseExact: true })).toEqual([]);
    });
  });
}
