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
    expect((await h.gql('{ viewer { name permissions } }', {}, token)).data?.['viewer']).toEqual({ name: 'short-lived', permissions: ['AUDIT'] });
    await h.ok('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id });
    expect((await h.gql('{ viewer { name } }', {}, token)).status).toBe(401);
  });

  it('accepts a login session cookie, with CSRF protection for requests a form or link could forge', async () => {
    const user = await h.roster.createUser('bim', { userName: 'cookie.user@corp.com', permissions: ['USER_ADMIN'] }, 'ADMIN');
    const { token } = await h.roster.startSession(user);
    const cookie = `roster_session=${token}`;
    const viewer = '{ viewer { kind name user { userName } permissions } }';
    const post = (headers: Record<string, string>, body: string) => h.yoga.fetch('http://roster.test/graphql', { method: 'POST', headers: { cookie, ...headers }, body });
    const json = await post({ 'content-type': 'application/json' }, JSON.stringify({ query: viewer }));
    expect(await json.json()).toEqual({ data: { viewer: { kind: 'SESSION', name: 'cookie.user@corp.com', user: { userName: 'cookie.user@corp.com' }, permissions: ['USER_ADMIN'] } } });
    const form = await post({ 'content-type': 'application/x-www-form-urlencoded' }, `query=${encodeURIComponent('mutation { createGroup(displayName: "forged") { id } }')}`);
    expect(form.status).toBe(403);
    const get = (headers: Record<string, string>) => h.yoga.fetch(`http://roster.test/graphql?query=${encodeURIComponent(viewer)}`, { headers: { cookie, accept: 'application/json', ...headers } });
    expect((await get({})).status).toBe(403);
    expect((await get({ 'x-roster-csrf': '1' })).status).toBe(200);
    await h.roster.endSession(token);
    expect((await post({ 'content-type': 'application/json' }, JSON.stringify({ query: viewer }))).status).toBe(401);
  });

  it('shows a logged-in user without permissions who they are, and no user or group by any road', async () => {
    const user = await h.roster.createUser('bim', { userName: 'no.rights@corp.com' }, 'ADMIN');
    const group = await h.roster.createGroup('bim', { displayName: 'no-rights-team' });
    await h.roster.addMembers(group.id, [user.id]);
    const { token } = await h.roster.startSession(user);
    const ask = async (query: string) => (await (await h.yoga.fetch('http://roster.test/graphql', {
      method: 'POST', headers: { cookie: `roster_session=${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query }),
    })).json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    expect((await ask('{ viewer { kind name permissions } }')).data).toEqual({ viewer: { kind: 'SESSION', name: 'no.rights@corp.com', permissions: [] } });
    const userId = Buffer.from(`User:${user.id}`).toString('base64');
    const groupId = Buffer.from(`Group:${group.id}`).toString('base64');
    for (const query of ['{ users(iamId: "bim") { edges { node { userName } } } }', '{ groups(iamId: "bim") { edges { node { displayName } } } }',
      `{ node(id: "${userId}") { ... on User { userName } } }`, `{ nodes(ids: ["${groupId}"]) { ... on Group { displayName } } }`, '{ viewer { user { userName } } }']) {
      const result = await ask(query);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(JSON.stringify(result.data ?? null), query).not.toMatch(/no\.rights|no-rights-team/);
    }
  });

  // Each operation with the permissions that may run it; every other permission gets FORBIDDEN.
  const matrix: [string, string, Record<string, unknown>, string[]][] = [
    ['read IAMs', '{ iams { id } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    ['read users', '{ users(first: 1) { totalCount } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    ['read events', '{ events(first: 1) { hasNextPage } }', {}, ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ']],
    ['create an IAM', 'mutation($n: String!) { createIam(input: { displayName: $n, type: SAML }) { iam { id } } }', { n: 'matrix' }, ['APPLICATION_ADMIN']],
    ['list API tokens', '{ apiTokens { id } }', {}, ['APPLICATION_ADMIN']],
    ['create a user', 'mutation($n: String!) { createUser(input: { userName: $n }) { id } }', { n: 'matrix' }, ['USER_ADMIN']],
    ['create a group', 'mutation($n: String!) { createGroup(displayName: $n) { id } }', { n: 'matrix' }, ['USER_ADMIN']],
  ];
  it.each(matrix)('lets only the right permissions %s', async (_what, query, variables, allowed) => {
    let n = 0;
    for (const [permission, token] of Object.entries(h.tokens)) {
      const result = await h.gql(query, Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, `${v}-${permission}-${++n}`])), token);
      if (allowed.includes(permission)) expect(result.errors, permission).toBeUndefined();
      else expect(result.errors?.[0]?.extensions?.['code'], permission).toBe('FORBIDDEN');
    }
  });
});
