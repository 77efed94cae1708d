import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

describe('users and groups', () => {
  let h: GraphqlHarness;
  const groupIds: string[] = [];
  beforeAll(async () => {
    h = await createGraphqlHarness();
    await h.roster.createIam({
      displayName: 'Okta',
      type: 'SAML',
      settings: { profileSchema: { title: 'title' }, groupPermissions: [{ group: 'admins', permissions: ['USER_ADMIN'] }] },
    });
    const users = [];
    for (let i = 0; i < 60; i += 1) {
      users.push(
        await h.roster.createUser(
          'okta',
          {
            userName: `user${String(i).padStart(2, '0')}@corp.com`,
            displayName: `User ${i}`,
            active: i % 10 !== 0,
            emails: [{ value: `user${i}@corp.com`, type: 'work', primary: true }],
          },
          'SCIM',
        ),
      );
    }
    for (const name of ['admins', 'engineering', 'sales']) groupIds.push((await h.roster.createGroup('okta', { displayName: name })).id);
    await h.roster.addMembers(
      groupIds[0]!,
      users.slice(0, 3).map((u) => u.id),
    );
    await h.roster.addMembers(
      groupIds[1]!,
      users.slice(0, 50).map((u) => u.id),
    );
    await h.roster.setUserAttributes(users[5]!.id, { 'hr.department': ['R&D', 'Ops'] });
  });
  afterAll(async () => h?.close());

  const page = (args: string) =>
    h
      .ok(
        `{ users(iamId: "okta", ${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { userName } } } }`,
      )
      .then((d) => d['users']);

  it('pages forwards and backwards with stable cursors and a total count', async () => {
    const first = await page('first: 25');
    expect(first.totalCount).toBe(60);
    expect(first.edges).toHaveLength(25);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await page(`first: 25, after: "${first.pageInfo.endCursor}"`);
    expect(second.edges[0].node.userName).toBe('user25@corp.com');
    const last = await page(`first: 25, after: "${second.pageInfo.endCursor}"`);
    expect(last.edges).toHaveLength(10);
    expect(last.pageInfo.hasNextPage).toBe(false);
    const back = await page(`last: 5, before: "${second.pageInfo.startCursor}"`);
    expect(back.edges.map((e: any) => e.node.userName)).toEqual([
      'user20@corp.com',
      'user21@corp.com',
      'user22@corp.com',
      'user23@corp.com',
      'user24@corp.com',
    ]);
  });

  it('shows what the IdP sent for a user (sourceAttributes) to user administrators, and refuses it to everyone else', async () => {
    const sent = {
      userName: 'kept@corp.com',
      nickName: 'Kept',
      phoneNumbers: [{ value: '555-0100', type: 'work' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '42' },
    };
    await h.roster.createIam({ id: 'entra', displayName: 'Entra', type: 'OIDC' });
    await h.roster.createUser('entra', { userName: 'kept@corp.com' }, 'SCIM', { sourceAttributes: sent });
    await h.roster.createUser('entra', { userName: 'admin-made@corp.com' }, 'ADMIN');
    const query = '{ users(iamId: "entra", filter: { search: "kept@" }) { edges { node { userName sourceAttributes } } } }';
    const admin = await h.ok(query, {}, h.tokens.USER_ADMIN);
    expect(admin['users'].edges).toEqual([{ node: { userName: 'kept@corp.com', sourceAttributes: sent } }]);
    const plain = await h.ok(
      '{ users(iamId: "entra", filter: { search: "admin-made" }) { edges { node { sourceAttributes } } } }',
      {},
      h.tokens.USER_ADMIN,
    );
    expect(plain['users'].edges).toEqual([{ node: { sourceAttributes: {} } }]);
    for (const permission of ['APPLICATION_ADMIN', 'AUDIT', 'IDENTITY_READ'] as const) {
      const refused = await h.gql(query, {}, h.tokens[permission]);
      expect(
        refused.errors?.map((error) => error.extensions?.['code']),
        permission,
      ).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(refused.data ?? null), permission).not.toContain('555-0100');
    }
  });

  it('refuses pages above 100', async () => {
    const result = await h.gql('{ users(first: 101) { totalCount } }');
    expect(result.errors?.[0]?.message).toMatch(/100/);
  });

  it('filters in the database by active, text, group and attribute', async () => {
    expect((await page('first: 100, filter: { active: false }')).totalCount).toBe(6);
    expect((await page('first: 100, filter: { search: "USER5" }')).edges.map((e: any) => e.node.userName)).toEqual([
      'user05@corp.com',
      'user50@corp.com',
      'user51@corp.com',
      'user52@corp.com',
      'user53@corp.com',
      'user54@corp.com',
      'user55@corp.com',
      'user56@corp.com',
      'user57@corp.com',
      'user58@corp.com',
      'user59@corp.com',
    ]);
    const admins = (await h.ok(`{ groups(iamId: "okta", filter: { search: "admin" }) { edges { node { id displayName memberCount } } } }`))[
      'groups'
    ].edges[0].node;
    expect(admins).toMatchObject({ displayName: 'admins', memberCount: 3 });
    expect((await page(`first: 100, filter: { groupId: "${admins.id}" }`)).totalCount).toBe(3);
    expect((await page('first: 100, filter: { attribute: { name: "hr.department", value: "Ops" } }')).edges).toEqual([
      { cursor: expect.any(String), node: { userName: 'user05@corp.com' } },
    ]);
    expect((await page('first: 100, orderBy: { field: USER_NAME, direction: DESC }')).edges[0].node.userName).toBe('user59@corp.com');
  });

  it('loads a page of 50 users with their groups, emails and attributes in a bounded number of queries', async () => {
    const query = `{ users(iamId: "okta", first: 50) { edges { node { userName emails { value } attributes { name values } effectivePermissions iam { id }
      groups(first: 10) { edges { node { displayName } } } } } } }`;
    h.sql.length = 0;
    const small = await h.ok(query.replace('first: 50', 'first: 2'));
    const smallCount = h.sql.length;
    h.sql.length = 0;
    const data = await h.ok(query);
    expect(data['users'].edges).toHaveLength(50);
    expect(small['users'].edges).toHaveLength(2);
    expect(data['users'].edges[0].node.effectivePermissions).toEqual(['USER_ADMIN']);
    expect(data['users'].edges[0].node.groups.edges.map((e: any) => e.node.displayName).sort()).toEqual(['admins', 'engineering']);
    expect(h.sql.length).toBe(smallCount);
    expect(h.sql.length).toBeLessThanOrEqual(8);
  });

  it("pages each user's groups forwards and backwards by cursor, batched across the list", async () => {
    const groups = (args: string) =>
      `groups(${args}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { displayName } } }`;
    const first = (
      await h.ok(`{ users(iamId: "okta", first: 3) { edges { node { userName one: ${groups('first: 1')} all: ${groups('first: 5')} } } } }`)
    )['users'].edges;
    expect(first.map((e: any) => e.node.all.edges.length)).toEqual([2, 2, 2]);
    const { one, all } = first[0].node;
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(one.edges).toEqual([all.edges[0]]);
    const userId = (await h.ok('{ users(iamId: "okta", first: 1) { edges { node { id } } } }'))['users'].edges[0].node.id;
    const rest = (
      await h.ok(
        `{ node(id: "${userId}") { ... on User { next: ${groups(`first: 5, after: "${one.pageInfo.endCursor}"`)} back: ${groups(`last: 5, before: "${all.pageInfo.endCursor}"`)} } } }`,
      )
    )['node'];
    expect(rest.next.edges).toEqual([all.edges[1]]);
    expect(rest.next.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(rest.back.edges).toEqual([all.edges[0]]);
    expect(rest.back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const forged = Buffer.from('GPC:J:["not-a-uuid","x"]').toString('base64');
    const result = await h.gql(
      `{ users(iamId: "okta", first: 2) { edges { node { emails { value } groups(first: 1, after: "${forged}") { edges { cursor } } } } } }`,
    );
    expect(result.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
  });

  it("pages a group's members and resolves nodes by global id", async () => {
    const data = await h.ok(
      `{ groups(iamId: "okta", filter: { search: "engineering" }) { edges { node { id members(first: 20) { pageInfo { hasNextPage } edges { node { id userName } } } } } } }`,
    );
    const group = data['groups'].edges[0].node;
    expect(group.members.edges).toHaveLength(20);
    expect(group.members.pageInfo.hasNextPage).toBe(true);
    const userId = group.members.edges[0].node.id;
    expect(await h.ok(`{ node(id: "${userId}") { ... on User { userName } } }`)).toEqual({
      node: { userName: group.members.edges[0].node.userName },
    });
  });

  it('reads a page with the emails and group pages it shows in one statement, through fragments and variables', async () => {
    const query = `query($n: Int!, $after: String) { users(iamId: "okta", first: 4) { edges { node { ...Shown ... on User { more: groups(first: 1, after: $after) { edges { node { displayName } } } } } } } }
      fragment Shown on User { userName emails { value } groups(first: $n) { pageInfo { hasNextPage } edges { cursor node { displayName } } } }`;
    h.sql.length = 0;
    const first = (await h.ok(query, { n: 1 }))['users'].edges.map((e: any) => e.node);
    expect(h.sql).toHaveLength(1);
    const after = first[0].groups.edges[0].cursor;
    const users = (await h.ok(query, { n: 5, after }))['users'].edges.map((e: any) => e.node);
    for (const user of users) {
      const id = (await h.ok(`{ users(iamId: "okta", first: 1, filter: { search: "${user.userName}" }) { edges { node { id } } } }`))[
        'users'
      ].edges[0].node.id;
      const alone = (
        await h.ok(
          `query($after: String) { node(id: "${id}") { ... on User { emails { value } groups(first: 5) { pageInfo { hasNextPage } edges { cursor node { displayName } } }
        more: groups(first: 1, after: $after) { edges { node { displayName } } } } } }`,
          { after },
        )
      )['node'];
      expect(user).toEqual({ userName: user.userName, ...alone });
    }
    expect(users[0].groups.edges.map((e: any) => e.node.displayName).sort()).toEqual(['admins', 'engineering']);
    expect(users[0].more.edges).toHaveLength(1);
  });

  it('reads group pages beyond the four it reads with a page through the loaders, with the same answers', async () => {
    const aliases = [1, 2, 3, 4, 5].map((n) => `g${n}: groups(first: ${n}) { edges { node { displayName } } }`).join(' ');
    h.sql.length = 0;
    const users = (await h.ok(`{ users(iamId: "okta", first: 3) { edges { node { ${aliases} } } } }`))['users'].edges.map(
      (e: any) => e.node,
    );
    expect(h.sql).toHaveLength(2);
    for (const user of users) for (const n of [1, 2, 3, 4]) expect(user[`g${n}`].edges).toEqual(user.g5.edges.slice(0, n));
  });

  it("pages a group's members forwards and backwards, batched across a list of groups", async () => {
    const members = (args: string) =>
      `members(${args}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { userName } } }`;
    const names = (page: any) => page.edges.map((e: any) => e.node.userName);
    h.sql.length = 0;
    const groups = (await h.ok(`{ groups(iamId: "okta", first: 3) { edges { node { displayName all: ${members('first: 100')} } } } }`))[
      'groups'
    ].edges.map((e: any) => e.node);
    expect(h.sql.filter((query) => query.includes('"Membership"')).length).toBe(1);
    expect(groups.map((g: any) => [g.displayName, g.all.edges.length])).toEqual([
      ['admins', 3],
      ['engineering', 50],
      ['sales', 0],
    ]);
    const all = names(groups[1].all);
    const engineering = (await h.ok(`{ groups(iamId: "okta", filter: { search: "engineering" }) { edges { node { id } } } }`))['groups']
      .edges[0].node.id;
    const page = async (args: string) =>
      (await h.ok(`{ node(id: "${engineering}") { ... on Group { ${members(args)} } } }`))['node'].members;
    const forward: string[] = [];
    for (let p = await page('first: 20'); ; p = await page(`first: 20, after: "${p.pageInfo.endCursor}"`)) {
      forward.push(...names(p));
      if (!p.pageInfo.hasNextPage) break;
    }
    expect(forward).toEqual(all);
    const back = await page(`last: 15, before: "${(await page('first: 40')).pageInfo.endCursor}"`);
    expect(names(back)).toEqual(all.slice(24, 39));
    expect(back.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('refuses cursors it did not hand out, cursors of another order and contradictory page arguments', async () => {
    const code = async (query: string) => (await h.gql(query)).errors?.[0]?.extensions?.['code'];
    const byName = (await page('first: 2'))['pageInfo'].endCursor;
    const byCreation = (await page('first: 2, orderBy: { field: CREATED_AT }')).pageInfo.endCursor;
    expect((await page(`first: 2, after: "${byName}"`)).edges).toHaveLength(2);
    const forgedDate = Buffer.from(JSON.stringify(['users', 'createdAt', 'yesterday', '00000000-0000-4000-8000-000000000000'])).toString(
      'base64url',
    );
    for (const args of [
      'first: 2, after: "nonsense"',
      `first: 2, after: "${byCreation}"`,
      `first: 2, orderBy: { field: CREATED_AT }, after: "${forgedDate}"`,
      `first: 2, after: "${byName}", before: "${byName}"`,
      `first: 2, before: "${byName}"`,
      `last: 2, after: "${byName}"`,
    ]) {
      expect(await code(`{ users(iamId: "okta", ${args}) { edges { cursor } } }`), args).toBe('VALIDATION_FAILED');
    }
    expect(
      await code(`{ groups(iamId: "okta", first: 1) { edges { node { members(first: 1, after: "${byName}") { edges { cursor } } } } } }`),
    ).toBe('VALIDATION_FAILED');
  });

  it('manages built-in users and groups, and refuses edits to fields an IdP owns', async () => {
    const created = await h.ok(
      'mutation { createUser(input: { userName: "local.admin@corp.com", displayName: "Local", permissions: [AUDIT] }) { id iamId effectivePermissions } }',
      {},
      h.tokens.USER_ADMIN,
    );
    expect(created['createUser']).toMatchObject({ iamId: 'bim', effectivePermissions: ['AUDIT'] });
    const dup = await h.gql('mutation { createUser(input: { userName: "LOCAL.ADMIN@corp.com" }) { id } }', {}, h.tokens.USER_ADMIN);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'USER_NAME_TAKEN' });
    const group = await h.ok('mutation { createGroup(displayName: "Local Team") { id } }', {}, h.tokens.USER_ADMIN);
    const withMember = await h.ok(
      `mutation { addGroupMembers(id: "${group['createGroup'].id}", userIds: ["${created['createUser'].id}"]) { memberCount members(first: 5) { edges { node { userName } } } } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(withMember['addGroupMembers']).toEqual({ memberCount: 1, members: { edges: [{ node: { userName: 'local.admin@corp.com' } }] } });

    const oktaUser = (await h.ok('{ users(iamId: "okta", first: 1) { edges { node { id } } } }'))['users'].edges[0].node.id;
    const owned = async (id: string) => (await h.ok(`{ node(id: "${id}") { ... on User { idpOwnedFields } } }`))['node'].idpOwnedFields;
    expect(await owned(created['createUser'].id)).toEqual([]);
    expect(await owned(oktaUser)).toEqual(['externalId', 'profile.title', 'userName']);
    const refused = await h.gql(
      `mutation { updateUser(id: "${oktaUser}", input: { userName: "renamed", profile: { title: "CEO" } }) { userName } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_CHANGE', reason: 'FIELD_OWNED_BY_IDP' });
    const allowed = await h.ok(
      `mutation { updateUser(id: "${oktaUser}", input: { profile: { location: "Berlin" } }) { profile { location title } } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(allowed['updateUser'].profile).toEqual({ location: 'Berlin', title: null });
    const attrs = await h.ok(
      `mutation { setUserAttributes(id: "${oktaUser}", attributes: [{ name: "local.level", values: ["3"] }]) { attributes { name values } } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(attrs['setUserAttributes'].attributes).toEqual([{ name: 'local.level', values: ['3'] }]);
    const removed = await h.ok(`mutation { removeUser(id: "${oktaUser}") }`, {}, h.tokens.USER_ADMIN);
    expect(removed).toEqual({ removeUser: true });
    expect(await h.ok(`{ node(id: "${oktaUser}") { ... on User { active deprovisioned } } }`)).toEqual({
      node: { active: false, deprovisioned: true },
    });
  });

  it('migrates users between IAMs, all or nothing', async () => {
    await h.roster.createIam({ displayName: 'Okta New', type: 'OIDC' });
    const [a, b] = (await h.ok('{ users(iamId: "okta", first: 2, filter: { active: true }) { edges { node { id userName } } } }'))[
      'users'
    ].edges.map((e: any) => e.node);
    const foreign = (await h.ok('{ users(iamId: "bim", first: 1) { edges { node { id } } } }'))['users'].edges[0].node.id;
    const refused = await h.gql(
      `mutation { migrateUsers(fromIamId: "okta", toIamId: "okta-new", userIds: ["${a.id}", "${foreign}"]) { id } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    expect((await h.ok('{ users(iamId: "okta-new", first: 5) { totalCount } }'))['users'].totalCount).toBe(0);
    const moved = await h.ok(
      `mutation { migrateUsers(fromIamId: "okta", toIamId: "okta-new", userIds: ["${a.id}", "${b.id}"]) { iamId userName active groups(first: 5) { edges { node { displayName iamId } } } } }`,
      {},
      h.tokens.USER_ADMIN,
    );
    expect(moved['migrateUsers'].map((u: any) => [u.iamId, u.userName, u.active])).toEqual(
      expect.arrayContaining([
        ['okta-new', a.userName, true],
        ['okta-new', b.userName, true],
      ]),
    );
    expect(moved['migrateUsers'][0].groups.edges.every((e: any) => e.node.iamId === 'okta-new')).toBe(true);
    expect(await h.ok(`{ node(id: "${a.id}") { ... on User { active } } }`)).toEqual({ node: { active: false } });
  });

  it('answers NOT_IMPLEMENTED for protocol work this deployment does not wire', async () => {
    const result = await h.gql('mutation { testIamConnection(id: "okta") { ok } }');
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_IMPLEMENTED');
  });

  it('reports unknown ids as NOT_FOUND', async () => {
    const missing = Buffer.from('User:00000000-0000-4000-8000-000000000000').toString('base64');
    const result = await h.gql(`mutation { deactivateUser(id: "${missing}") { id } }`, {}, h.tokens.USER_ADMIN);
    expect(result.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});
