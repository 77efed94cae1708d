import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadModel, UserQuery } from '@roster/core';
import type { SqlReader } from '../client/sql-reader.ts';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster, type TestRoster } from '../testing/test-roster.ts';
import { createSqlReadModel } from './sql-read-model.ts';
import { StorageError } from './map-prisma-error.ts';
import { queryUserResources } from './user-resource-query.ts';

const lookup = (iamId: string, userName: string, extra: Partial<UserQuery> = {}): UserQuery => ({
  iamId,
  offset: 0,
  limit: 100,
  filter: { kind: 'compare', field: 'userName', op: 'eq', value: userName, caseExact: false },
  ...extra,
});

// What an IdP sends before every create: concurrent lookups share statements, and each still gets its own answer.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('userName eq lookups on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: TestRoster;
  let iamId: string;
  let otherIamId: string;
  let statements: string[];
  let readModel: ReadModel;
  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    iamId = (await roster.createIam({ displayName: 'Lookups', type: 'SAML' })).iam.id;
    otherIamId = (await roster.createIam({ displayName: 'Other', type: 'SAML' })).iam.id;
    for (let i = 0; i < 20; i += 1) await roster.createUser(iamId, { userName: `User-${i}@corp.example` }, 'SCIM');
    await roster.createUser(otherIamId, { userName: 'only-elsewhere@corp.example' }, 'SCIM');
    const gone = await roster.createUser(iamId, { userName: 'gone@corp.example' }, 'SCIM');
    await roster.removeUser(gone.id); // an IdP's user is deprovisioned, not erased
    statements = [];
    const counting: SqlReader = {
      query: (statement) => (statements.push(statement.text), db.reader.query(statement)),
      one: (statement) => (statements.push(statement.text), db.reader.one(statement)),
    };
    readModel = createSqlReadModel(db.prisma, counting);
  });
  afterAll(async () => db?.close());

  it('answers 40 concurrent lookups, each its own user or none, in fewer statements than lookups', async () => {
    statements.length = 0;
    const names = [
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? `user-${i}@CORP.example` : `User-${i}@corp.example`)),
      ...Array.from({ length: 10 }, (_, i) => `nobody-${i}@corp.example`),
      ...Array.from({ length: 10 }, (_, i) => `USER-${i}@corp.example`), // the same users asked twice
    ];
    const pages = await Promise.all(names.map((name) => readModel.queryUserResources(lookup(iamId, name))));
    pages.forEach((page, i) => {
      const asked = names[i]!.toLowerCase();
      if (asked.startsWith('nobody')) expect(page).toEqual({ total: 0, items: [] });
      else {
        expect(page.total).toBe(1);
        expect(page.items.map(({ user }) => user.userName.toLowerCase())).toEqual([asked]);
      }
    });
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.length).toBeLessThan(names.length / 2);
  });

  it("answers exactly what the general query answers: another IAM's user, a deprovisioned one, group ids", async () => {
    const cases: [string, boolean][] = [
      ['only-elsewhere@corp.example', false],
      ['gone@corp.example', false],
      ['USER-3@corp.example', true],
      ['user-4@corp.example', false],
    ];
    for (const [userName, groupIds] of cases) {
      const query = lookup(iamId, userName);
      expect(await readModel.queryUserResources(query, { groupIds })).toEqual(await queryUserResources(db.reader, query, { groupIds }));
    }
    expect((await readModel.queryUserResources(lookup(iamId, 'gone@corp.example'))).total).toBe(0);
    expect((await readModel.queryUserResources(lookup(iamId, 'gone@corp.example', { includeDeprovisioned: true }))).total).toBe(1);
  });

  it('sees a user created just before it asked', async () => {
    const lookups = Array.from({ length: 8 }, (_, i) => readModel.queryUserResources(lookup(iamId, `User-${i}@corp.example`)));
    await roster.createUser(iamId, { userName: 'fresh@corp.example' }, 'SCIM');
    const fresh = await readModel.queryUserResources(lookup(iamId, 'FRESH@corp.example'));
    expect(fresh.items.map(({ user }) => user.userName)).toEqual(['fresh@corp.example']);
    await Promise.all(lookups);
  });

  it('fails every lookup of a statement that fails, and the next ones run again', async () => {
    let fail = true;
    const flaky: SqlReader = {
      query: (statement) => (fail ? Promise.reject(new StorageError(new Error('refused'))) : db.reader.query(statement)),
      one: (statement) => db.reader.one(statement),
    };
    const model = createSqlReadModel(db.prisma, flaky);
    const failed = await Promise.allSettled([1, 2, 3].map((i) => model.queryUserResources(lookup(iamId, `User-${i}@corp.example`))));
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    fail = false;
    expect((await model.queryUserResources(lookup(iamId, 'User-1@corp.example'))).total).toBe(1);
  });
});
