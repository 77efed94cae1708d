import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

describe('GraphQL over HTTP', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  const get = (query: string, headers: Record<string, string> = {}) =>
    h.yoga.fetch(`http://roster.test/graphql?query=${encodeURIComponent(query)}`, {
      headers: { authorization: `Bearer ${h.tokens.AUDIT}`, ...headers },
    });

  it('answers queries by GET with application/graphql-response+json', async () => {
    const response = await get('{ viewer { permissions } }', { accept: 'application/graphql-response+json' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(await response.json()).toEqual({ data: { viewer: { permissions: ['AUDIT'] } } });
  });

  it('refuses mutations over GET with 405', async () => {
    const response = await get('mutation { deleteIam(id: "x") }', { accept: 'application/graphql-response+json' });
    expect(response.status).toBe(405);
  });

  it('answers a syntax error with 400 and a validation error with 400', async () => {
    expect((await get('{ viewer {', { accept: 'application/graphql-response+json' })).status).toBe(400);
    expect((await get('{ nope }', { accept: 'application/graphql-response+json' })).status).toBe(400);
  });

  it('rejects queries nested deeper than the limit', async () => {
    const deep = `{ groups(first: 1) { edges { node { members(first: 1) { edges { node { groups(first: 1) { edges { node { members(first: 1) { edges { node { groups(first: 1) { edges { node { id } } } } } } } } } } } } } } } }`;
    const result = await h.gql(deep);
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('pages the durable event log by opaque cursor', async () => {
    await h.roster.createIam({ displayName: 'Paged', type: 'SAML' });
    for (let i = 0; i < 5; i += 1) await h.roster.createUser('paged', { userName: `p${i}` }, 'SCIM');
    const first = (await h.ok('{ events(iamId: "paged", first: 4) { hasNextPage endCursor edges { node { type } } } }'))['events'];
    expect(first.edges.map((e: any) => e.node.type)).toEqual(['IAM_CREATED', 'USER_CREATED', 'USER_CREATED', 'USER_CREATED']);
    expect(first.hasNextPage).toBe(true);
    const rest = (
      await h.ok(`{ events(iamId: "paged", first: 4, after: "${first.endCursor}") { hasNextPage edges { node { type changes } } } }`)
    )['events'];
    expect(rest.edges).toHaveLength(2);
    expect(rest.hasNextPage).toBe(false);
    expect(rest.edges[1].node.changes).toMatchObject({ userName: 'p4', source: 'SCIM' });
    const bad = await h.gql('{ events(after: "garbage") { hasNextPage } }');
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
  });

  it("reads one subject's events: a user's by node ID or raw id, nothing of anyone else's", async () => {
    await h.roster.createIam({ displayName: 'Subject filter', type: 'SAML' });
    const ann = await h.roster.createUser('subject-filter', { userName: 'ann' }, 'SCIM');
    await h.roster.createUser('subject-filter', { userName: 'bob' }, 'SCIM');
    await h.roster.deactivateUser(ann.id);
    const nodeId = (await h.ok('{ users(iamId: "subject-filter", filter: { search: "ann" }) { edges { node { id } } } }'))['users'].edges[0]
      .node.id;
    const events = async (subjectId: string) =>
      (await h.ok(`{ events(subjectId: "${subjectId}", first: 10) { edges { node { type subjectId } } } }`))['events'].edges.map(
        (e: any) => e.node,
      );
    const expected = [
      { type: 'USER_CREATED', subjectId: ann.id },
      { type: 'USER_DEACTIVATED', subjectId: ann.id },
    ];
    expect(await events(nodeId)).toEqual(expected);
    expect(await events(ann.id)).toEqual(expected);
    expect(await events('subject-filter')).toEqual([{ type: 'IAM_CREATED', subjectId: 'subject-filter' }]);
  });

  it('reads the newest events with `last`, oldest first, with an end cursor to go on from', async () => {
    await h.roster.createIam({ displayName: 'Latest', type: 'SAML' });
    for (let i = 0; i < 4; i += 1) await h.roster.createUser('latest', { userName: `l${i}` }, 'SCIM');
    const page = (
      await h.ok('{ events(iamId: "latest", types: [USER_CREATED], last: 3) { hasNextPage endCursor edges { cursor node { changes } } } }')
    )['events'];
    expect(page.edges.map((e: any) => e.node.changes.userName)).toEqual(['l1', 'l2', 'l3']);
    expect(page.hasNextPage).toBe(false);
    expect(page.endCursor).toBe(page.edges.at(-1).cursor);
    await h.roster.createUser('latest', { userName: 'l4' }, 'SCIM');
    const next = (await h.ok(`{ events(iamId: "latest", after: "${page.endCursor}") { edges { node { changes } } } }`))['events'];
    expect(next.edges.map((e: any) => e.node.changes.userName)).toEqual(['l4']);
    const none = (await h.ok('{ events(iamId: "latest", types: [GROUP_DELETED], last: 5) { endCursor edges { cursor } } }'))['events'];
    expect(none.edges).toEqual([]);
    expect(none.endCursor).toEqual(expect.any(String));
    const both = await h.gql(`{ events(after: "${page.endCursor}", last: 2) { hasNextPage } }`);
    expect(both.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
  });

  it("shows each event's subject as it is now, a page of events in one statement per kind, and null once it is gone", async () => {
    await h.roster.createIam({ displayName: 'Subjects', type: 'SAML' });
    const kept = await h.roster.createGroup('subjects', { displayName: 'kept' });
    const gone = await h.roster.createGroup('subjects', { displayName: 'gone' });
    await h.roster.createUser('subjects', { userName: 'sam' }, 'SCIM');
    await h.roster.addMembers(kept.id, [(await h.roster.read((repos) => repos.users.findByUserName('subjects', 'sam')))!.id]);
    await h.roster.deleteGroup(gone.id);
    await h.roster.updateGroup(kept.id, { displayName: 'kept-renamed' });
    const query = `{ events(iamId: "subjects", first: 50) { edges { node { type subjectType subject {
      __typename ... on User { userName groups(first: 5) { edges { node { displayName } } } } ... on Group { displayName } ... on Iam { id displayName } } } } } }`;
    h.sql.length = 0;
    const events = (await h.ok(query))['events'].edges.map((e: any) => e.node);
    const statements = h.sql.length;
    const subjectOf = (type: string) => events.filter((e: any) => e.type === type).map((e: any) => e.subject);
    expect(subjectOf('IAM_CREATED')).toEqual([{ __typename: 'Iam', id: 'subjects', displayName: 'Subjects' }]);
    expect(subjectOf('USER_CREATED')).toEqual([
      { __typename: 'User', userName: 'sam', groups: { edges: [{ node: { displayName: 'kept-renamed' } }] } },
    ]);
    expect(subjectOf('GROUP_CREATED')).toEqual([{ __typename: 'Group', displayName: 'kept-renamed' }, null]);
    expect(subjectOf('GROUP_DELETED')).toEqual([null]);
    expect(
      events.every(
        (e: any) =>
          e.subject === null ||
          e.subject.__typename === { IAM: 'Iam', USER: 'User', GROUP: 'Group', SYNC_RUN: 'SyncRun' }[e.subjectType as string],
      ),
    ).toBe(true);
    // The event page, its users, its groups, the users' groups; the IAMs come from the roster's IAM list.
    expect(statements).toBeLessThanOrEqual(5);
  });

  it('serves GraphiQL to browsers only when enabled', async () => {
    const { createGraphqlHandler } = await import('./create-graphql-handler.ts');
    const dev = createGraphqlHandler({ ...h.services, graphiql: true });
    const page = await dev.fetch('http://roster.test/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
    expect(
      (await h.yoga.fetch('http://roster.test/graphql', { headers: { accept: 'text/html' } })).headers.get('content-type') ?? '',
    ).not.toContain('text/html');
  });

  it('masks unexpected errors', async () => {
    const broken = { ...h.services, roster: { ...h.roster, listIams: () => Promise.reject(new Error('db password is hunter2')) } };
    const { createGraphqlHandler } = await import('./create-graphql-handler.ts');
    const yoga = createGraphqlHandler(broken);
    const response = await yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.tokens.AUDIT}` },
      body: JSON.stringify({ query: '{ iams { id } }' }),
    });
    const body = await response.text();
    expect(body).not.toContain('hunter2');
    expect(JSON.parse(body).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
  });
});
