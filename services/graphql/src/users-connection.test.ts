import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '@roster/db';
import { createPgliteTestDatabase, createPostgresTestDatabase } from '@roster/db/testing';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

// Query.users against an oracle: Prisma's findMany over the same filter and order (the filter as it
// was first written), page by page in both directions, for every order and on both databases. An
// implementation that reads the page another way (raw SQL, keyset cursors) must still pass these.

type Filter = { active?: boolean; search?: string; groupId?: string; attribute?: { name: string; value?: string } };
const ORDER_COLUMNS = { USER_NAME: 'userNameKey', DISPLAY_NAME: 'displayName', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' } as const;

/** The oracle: the filter as the Prisma where it was first written as. */
function prismaWhere(filter: Filter, groupUuid: string | undefined): Prisma.UserWhereInput {
  const text = filter.search ? { contains: filter.search, mode: 'insensitive' as const } : undefined;
  return {
    iamId: 'okta',
    ...(filter.active === undefined ? {} : { active: filter.active }),
    ...(text
      ? {
          OR: [{ userName: text }, { displayName: text }, { givenName: text }, { familyName: text }, { emails: { some: { value: text } } }],
        }
      : {}),
    ...(filter.groupId ? { memberships: { some: { groupId: groupUuid! } } } : {}),
    ...(filter.attribute
      ? {
          attributes: {
            some: { name: filter.attribute.name, ...(filter.attribute.value ? { values: { has: filter.attribute.value } } : {}) },
          },
        }
      : {}),
  };
}

const gqlFilter = (filter: Filter) => JSON.stringify(filter).replace(/"(\w+)":/g, '$1:');

describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
] as const)('Query.users on %s', (_name, open) => {
  let h: GraphqlHarness;
  let groupId = '';
  let groupUuid = '';
  beforeAll(async () => {
    h = await createGraphqlHarness(open);
    await h.roster.createIam({ displayName: 'Okta', type: 'SAML', settings: { profileSchema: { title: 'title' } } });
    const names = ['alice', 'Bob', 'carol', 'dave', 'Eve', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const user = await h.roster.createUser(
        'okta',
        {
          userName: `${name}@corp.com`,
          // Nulls and ties, so the order needs its null handling and its id tie-break.
          displayName: i % 4 === 0 ? null : i % 3 === 0 ? 'Same Name' : `Person ${name}`,
          givenName: i === 5 ? 'Zora' : null,
          familyName: i === 6 ? 'Quixote' : null,
          active: i % 5 !== 2,
          emails: [{ value: i === 7 ? 'h.secret@elsewhere.org' : `${name}@corp.com`, type: 'work', primary: true }],
        },
        'SCIM',
      );
      ids.push(user.id);
    }
    groupUuid = (await h.roster.createGroup('okta', { displayName: 'admins' })).id;
    await h.roster.addMembers(groupUuid, [ids[1]!, ids[4]!, ids[9]!, ids[10]!]);
    groupId = (await h.ok(`{ groups(iamId: "okta") { edges { node { id } } } }`))['groups'].edges[0].node.id;
    await h.roster.setUserAttributes(ids[3]!, { 'hr.department': ['R&D', 'Ops'] });
    await h.roster.setUserAttributes(ids[8]!, { 'hr.department': ['ops'] });
    await h.roster.setUserAttributes(ids[11]!, { 'hr.level': ['3'] });
  });
  afterAll(async () => h?.close());

  const page = async (args: string) =>
    (
      await h.ok(
        `{ users(iamId: "okta", ${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { userName } } } }`,
      )
    )['users'];
  const names = (p: { edges: { node: { userName: string } }[] }) => p.edges.map((e) => e.node.userName);

  const filters: Filter[] = [
    {},
    { active: false },
    { active: true },
    { search: 'SAME' },
    { search: 'corp' },
    { search: 'zor' },
    { search: 'quix' },
    { search: 'secret' },
    { groupId: 'admins' },
    { attribute: { name: 'hr.department' } },
    { attribute: { name: 'hr.department', value: 'Ops' } },
    { active: true, groupId: 'admins', search: 'e' },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f] as const))(
    'filters %s and orders every way as Prisma does, forwards and backwards',
    async (_label, filter) => {
      const resolved = filter.groupId ? { ...filter, groupId } : filter;
      for (const field of Object.keys(ORDER_COLUMNS) as (keyof typeof ORDER_COLUMNS)[]) {
        for (const direction of ['ASC', 'DESC'] as const) {
          const base = `filter: ${gqlFilter(resolved)}, orderBy: { field: ${field}, direction: ${direction} }`;
          const dir = direction === 'ASC' ? 'asc' : 'desc';
          const expected = (
            await h.db.prisma.user.findMany({
              where: prismaWhere(filter, groupUuid),
              orderBy: [{ [ORDER_COLUMNS[field]]: dir }, { id: dir }],
              select: { userName: true },
            })
          ).map((u) => u.userName);
          const all = await page(`first: 100, ${base}`);
          expect(names(all), `${field} ${direction}`).toEqual(expected);
          expect(all.totalCount).toBe(expected.length);
          // Forwards, 3 at a time.
          const forward: string[] = [];
          let after: string | null = null;
          for (let i = 0; ; i += 1) {
            const p = await page(`first: 3, ${after ? `after: "${after}", ` : ''}${base}`);
            forward.push(...names(p));
            expect(p.pageInfo.hasPreviousPage).toBe(i > 0);
            if (!p.pageInfo.hasNextPage) break;
            after = p.pageInfo.endCursor;
          }
          expect(forward).toEqual(expected);
          // Backwards from the end, 3 at a time.
          const backward: string[] = [];
          let before: string | null = null;
          for (;;) {
            const p = await page(`last: 3, ${before ? `before: "${before}", ` : ''}${base}`);
            backward.unshift(...names(p));
            if (!p.pageInfo.hasPreviousPage) break;
            before = p.pageInfo.startCursor;
          }
          expect(backward).toEqual(expected);
        }
      }
    },
  );

  it('resolves every User field on a page as node(id:) does', async () => {
    const fields = `id iamId iam { id } userName externalId externalUsername active deprovisioned source displayName name { givenName familyName }
      emails { value type primary } profile { title } permissions groupPermissions effectivePermissions attributes { name values } version createdAt updatedAt
      groups(first: 5) { edges { node { displayName } } }`;
    const users = (await h.ok(`{ users(iamId: "okta", first: 20) { edges { node { ${fields} } } } }`))['users'].edges.map(
      (e: any) => e.node,
    );
    expect(users).toHaveLength(14);
    expect(users.some((u: any) => u.attributes.length === 1 && u.attributes[0].values.length === 2)).toBe(true);
    for (const user of users) expect(user).toEqual((await h.ok(`{ node(id: "${user.id}") { ... on User { ${fields} } } }`))['node']);
  });
});
