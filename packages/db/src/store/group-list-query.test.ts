import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';

// The read model's groups: a keyset page by displayName (case-insensitively) then id, forwards
// and backwards from a cursor group, filtered through the one filter compiler, and the
// attributes and member counts of a list in one statement.
describe('a page of groups', () => {
  let db: TestDatabase;
  const sql: string[] = [];
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let ids: Record<string, string>;
  let ada: string;
  beforeAll(async () => {
    db = await createPgliteTestDatabase({ onQuery: (query) => sql.push(query) });
    roster = await createTestRoster(db);
    await roster.createIam({ displayName: 'Okta', type: 'SAML' });
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo_1', 'echo%2'];
    const groups = await roster.createGroups(
      'okta',
      names.map((displayName) => ({ displayName })),
    );
    ids = Object.fromEntries(groups.map((group) => [group.displayName, group.id]));
    ada = (await roster.createUser('okta', { userName: 'ada' }, 'SCIM')).id;
    await roster.addMembers(ids['Bravo']!, [ada]);
    await roster.addMembers(ids['delta']!, [ada]);
    await roster.setGroupAttributes(ids['Bravo']!, { 'hr.code': ['B'], 'a.first': ['1', '2'] });
  });
  afterAll(async () => db?.close());

  const names = async (page: Parameters<typeof roster.readModel.listGroups>[0]) =>
    (await roster.readModel.listGroups(page)).map((group) => group.displayName);

  it('pages forwards and backwards from a cursor group, in order either way', async () => {
    expect(await names({ iamId: 'okta', take: 3 })).toEqual(['Alpha', 'Bravo', 'charlie']);
    expect(await names({ iamId: 'okta', take: 3, cursor: ids['Bravo'] })).toEqual(['charlie', 'delta', 'echo%2']);
    expect(await names({ iamId: 'okta', take: -2, cursor: ids['delta'] })).toEqual(['Bravo', 'charlie']);
    expect(await names({ iamId: 'okta', take: -2 })).toEqual(['echo%2', 'echo_1']);
    expect(await names({ iamId: 'okta', take: 3, cursor: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    expect(await names({ iamId: 'okta', take: 3, cursor: 'not-an-id' })).toEqual([]);
  });

  it('filters by text (case-insensitively, no wildcards) and by member, and counts the same', async () => {
    expect(await names({ iamId: 'okta', take: 10, search: ' ECHO ' })).toEqual(['echo%2', 'echo_1']);
    expect(await names({ iamId: 'okta', take: 10, search: 'o_' })).toEqual(['echo_1']);
    expect(await names({ iamId: 'okta', take: 10, search: '%' })).toEqual(['echo%2']);
    expect(await names({ take: 10, memberId: ada })).toEqual(['Bravo', 'delta']);
    expect(await names({ take: 10, memberId: 'nobody' })).toEqual([]);
    expect(await roster.readModel.countGroups({ iamId: 'okta', search: 'echo' })).toBe(2);
    expect(await roster.readModel.countGroups({ memberId: ada })).toBe(2);
  });

  it("reads a list's attributes and member counts in one statement", async () => {
    sql.length = 0;
    const { attributes, memberCounts } = await roster.readModel.groupRelations([ids['Bravo']!, ids['Alpha']!, 'not-an-id']);
    expect(sql).toHaveLength(1);
    expect(attributes.get(ids['Bravo']!)).toEqual([
      { name: 'a.first', values: ['1', '2'] },
      { name: 'hr.code', values: ['B'] },
    ]);
    expect(attributes.get(ids['Alpha']!)).toEqual([]);
    expect([memberCounts.get(ids['Bravo']!), memberCounts.get(ids['Alpha']!), memberCounts.get('not-an-id')]).toEqual([1, 0, 0]);
  });
});
