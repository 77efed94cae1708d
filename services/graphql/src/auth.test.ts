import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

describe('authentication and authorization', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('answers 401 UNAUTHENTICATED without a token or with a wrong one', async () => {
    for (const token of [null, 'rtok_not-a-real-token']) {
      const result = await h.gql('{ iams { id } }', {}, token);
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(result.data).toBeUndefined();
    }
  });

  it('stops a revoked token at once', async () => {
    const { token, apiToken } = await h.roster.createApiToken({ name: 'short-lived', permissions: ['AUDIT'] });
    expect((await h.gql('{ viewer { name permissions } }', {}, token)).data?.['viewer']).toEqual({
      name: 'short-lived',
      permissions: ['AUDIT'],
    });
    await h.ok('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id });
    expect((await h.gql('{ viewer { name } }', {}, token)).status).toBe(401);
  });

  it('accepts a login session cookie only from its own origin or with the CSRF header, whatever the method and content type', async () => {
    const user = await h.roster.createUser('bim', { userName: 'cookie.user@corp.com', permissions: ['USER_ADMIN'] }, 'ADMIN');
    const { token } = await h.roster.startSession(user);
    const cookie = `roster_session=${token}`;
    const viewer = '{ viewer { kind name user { userName } permissions } }';
    const forged = 'mutation { createGroup(displayName: "forged") { id } }';
    const post = (headers: Record<string, string>, body: string) =>
      h.yoga.fetch('http://roster.test/graphql', { method: 'POST', headers: { cookie, ...headers }, body });
    const json = (query: string, headers: Record<string, string> = {}) =>
      post({ 'content-type': 'application/json', ...headers }, JSON.stringify({ query }));
    const expected = {
      data: {
        viewer: { kind: 'SESSION', name: 'cookie.user@corp.com', user: { userName: 'cookie.user@corp.com' }, permissions: ['USER_ADMIN'] },
      },
    };
    // The harness's PUBLIC_URL is https://roster.example.com.
    expect(await (await json(viewer, { origin: 'https://roster.example.com' })).json()).toEqual(expected);
    expect(await (await json(viewer, { 'sec-fetch-site': 'same-origin' })).json()).toEqual(expected);
    expect(await (await json(viewer, { 'x-roster-csrf': '1' })).json()).toEqual(expected);
    // A JSON POST from a sibling origin or with no origin at all is refused before it runs.
    for (const headers of [
      {},
      { origin: 'https://evil.roster.example.com' },
      { origin: 'https://roster.example.com:8443' },
      { 'sec-fetch-site': 'same-site', origin: 'https://roster.example.com' },
      { origin: 'null' },
    ] as Record<string, string>[]) {
      const response = await json(forged, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
    }
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      expect((await post({ 'content-type': type }, `query=${encodeURIComponent(forged)}`)).status, type).toBe(403);
    }
    expect(await h.roster.read((repos) => repos.groups.findByDisplayName('bim', 'forged'))).toBeNull();
    const get = (headers: Record<string, string>) =>
      h.yoga.fetch(`http://roster.test/graphql?query=${encodeURIComponent(viewer)}`, {
        headers: { cookie, accept: 'application/json', ...headers },
      });
    expect((await get({})).status).toBe(403);
    expect((await get({ 'x-roster-csrf': '1' })).status).toBe(200);
    // A bearer token needs no CSRF header, from anywhere.
    expect((await h.gql('{ viewer { kind } }', {}, h.tokens.AUDIT)).status).toBe(200);
    await h.roster.endSession(token);
    expect((await json(viewer, { 'x-roster-csrf': '1' })).status).toBe(401);
  });

  it('shows a logged-in user without permissions themself and their groups, and no other user or group by any road', async () => {
    const user = await h.roster.createUser('bim', { userName: 'no.rights@corp.com', displayName: 'No Rights' }, 'ADMIN');
    const other = await h.roster.createUser('bim', { userName: 'colleague@corp.com' }, 'ADMIN');
    const group = await h.roster.createGroup('bim', { displayName: 'no-rights-team' });
    await h.roster.addMembers(group.id, [user.id, other.id]);
    const { token } = await h.roster.startSession(user);
    const ask = async (query: string) =>
      (await (
        await h.yoga.fetch('http://roster.test/graphql', {
          method: 'POST',
          headers: { cookie: `roster_session=${token}`, 'content-type': 'application/json', 'x-roster-csrf': '1' },
          body: JSON.stringify({ query }),
        })
      ).json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    expect((await ask('{ viewer { kind name permissions } }')).data).toEqual({
      viewer: { kind: 'SESSION', name: 'no.rights@corp.com', permissions: [] },
    });
    const me = await ask(
      '{ viewer { user { userName displayName effectivePermissions groups(first: 10) { edges { node { displayName } } } } } }',
    );
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({
      viewer: {
        user: {
          userName: 'no.rights@corp.com',
          displayName: 'No Rights',
          effectivePermissions: [],
          groups: { edges: [{ node: { displayName: 'no-rights-team' } }] },
        },
      },
    });
    const userId = Buffer.from(`User:${other.id}`).toString('base64');
    const groupId = Buffer.from(`Group:${group.id}`).toString('base64');
    for (const query of [
      '{ users(iamId: "bim") { edges { node { userName } } } }',
      '{ groups(iamId: "bim") { edges { node { displayName } } } }',
      `{ node(id: "${userId}") { ... on User { userName } } }`,
      `{ nodes(ids: ["${groupId}"]) { ... on Group { displayName } } }`,
      '{ viewer { user { groups(first: 10) { edges { node { members(first: 10) { edges { node { userName } } } } } } } } }',
      '{ viewer { user { iam { id } } } }',
    ]) {
      const result = await ask(query);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(JSON.stringify(result.data ?? null), query).not.toMatch(/colleague|"bim"/);
    }
  });

  // Each operation with the permissions that may run it; every other permission gets FORBIDDEN.
  const matrix: [string, string, Record<string, unknown>, string[]][] = [
    ['read IAMs', '{ iams { id } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    ['read users', '{ users(first: 1) { totalCount } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    ['read events', '{ events(first: 1) { hasNextPage } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    [
      'create an IAM',
      'mutation($n: String!) { createIam(input: { displayName: $n, type: SAML }) { iam { id } } }',
      { n: 'matrix' },
      ['APPLICATION_ADMIN'],
    ],
    ['list API tokens', '{ apiTokens { id } }', {}, ['APPLICATION_ADMIN']],
    ['create a user', 'mutation($n: String!) { createUser(input: { userName: $n }) { id } }', { n: 'matrix' }, ['USER_ADMIN']],
    ['create a group', 'mutation($n: String!) { createGroup(displayName: $n) { id } }', { n: 'matrix' }, ['USER_ADMIN']],
  ];
  it.each(matrix)('lets only the right permissions %s', async (_what, query, variables, allowed) => {
    let n = 0;
    for (const [permission, token] of Object.entries(h.tokens)) {
      const result = await h.gql(
        query,
        Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, `${v}-${permission}-${++n}`])),
        token,
      );
      if (allowed.includes(permission)) expect(result.errors, permission).toBeUndefined();
      else expect(result.errors?.[0]?.extensions?.['code'], permission).toBe('FORBIDDEN');
    }
  });
});
