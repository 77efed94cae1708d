import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

const FIELDS = 'id url description iamId types excludeOrigins enabled disabledReason cursor failedAttempts previousSecretUntil';

describe('webhook endpoints over GraphQL', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('creates an endpoint with its secret shown once, updates, rotates, replays and deletes it, each an event', async () => {
    const created = await h.ok(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${FIELDS} } } }`,
      { input: { url: 'https://hooks.example.com/roster', types: ['USER_CREATED'], excludeOrigins: ['SYNC'], description: 'warehouse' } },
    );
    const { secret, endpoint } = created['createWebhookEndpoint'];
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({
      url: 'https://hooks.example.com/roster',
      types: ['USER_CREATED'],
      excludeOrigins: ['SYNC'],
      enabled: true,
    });
    const listed = await h.ok(`{ webhookEndpoints { ${FIELDS} } }`);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));

    const updated = await h.ok(
      `mutation ($id: ID!) { updateWebhookEndpoint(id: $id, input: { types: null, description: "lake" }) { ${FIELDS} } }`,
      {
        id: endpoint.id,
      },
    );
    expect(updated['updateWebhookEndpoint']).toMatchObject({ types: [], description: 'lake', url: 'https://hooks.example.com/roster' });

    const rotated = await h.ok(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, graceSeconds: 600) { secret endpoint { previousSecretUntil } } }`,
      {
        id: endpoint.id,
      },
    );
    expect(rotated['rotateWebhookSecret'].secret).not.toBe(secret);
    expect(rotated['rotateWebhookSecret'].endpoint.previousSecretUntil).not.toBeNull();

    const replayed = await h.ok(`mutation ($id: ID!, $after: String!) { replayWebhookEndpoint(id: $id, after: $after) { cursor } }`, {
      id: endpoint.id,
      after: endpoint.cursor,
    });
    expect(replayed['replayWebhookEndpoint'].cursor).toBe(endpoint.cursor);

    const events = await h.ok(
      `{ events(types: [WEBHOOK_ENDPOINT_CREATED, WEBHOOK_ENDPOINT_UPDATED, WEBHOOK_ENDPOINT_DELETED], first: 10) { edges { node { type subjectType changes subject { ... on WebhookEndpoint { id } } } } } }`,
    );
    const nodes = events['events'].edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.type)).toEqual([
      'WEBHOOK_ENDPOINT_CREATED',
      'WEBHOOK_ENDPOINT_UPDATED',
      'WEBHOOK_ENDPOINT_UPDATED',
      'WEBHOOK_ENDPOINT_UPDATED',
    ]);
    expect(nodes[0].subject).toEqual({ id: endpoint.id });
    expect(JSON.stringify(nodes)).not.toContain('whsec_');

    await h.ok(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`, { id: endpoint.id });
    const gone = await h.gql(`mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }`, { id: endpoint.id });
    expect(gone.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'WEBHOOK_ENDPOINT_NOT_FOUND' });
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const before = await h.ok('{ webhookEndpoints { id } }');
    const refused = await h.gql(`mutation { createWebhookEndpoint(input: { url: "http://[fe80::1]/x" }) { secret } }`);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'WEBHOOK_URL_REFUSED' });
    const noIam = await h.gql(`mutation { createWebhookEndpoint(input: { url: "https://a.example.com", iamId: "nope" }) { secret } }`);
    expect(noIam.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'IAM_NOT_FOUND' });
    const badCursor = await h.gql(`mutation { replayWebhookEndpoint(id: "00000000-0000-4000-8000-000000000000", after: "x") { id } }`);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await h.ok('{ webhookEndpoints { id } }')).toEqual(before);
  });

  it('is APPLICATION_ADMIN only', async () => {
    for (const permission of ['USER_ADMIN', 'AUDIT', 'IDENTITY_READ'] as const) {
      const result = await h.gql('{ webhookEndpoints { id } }', {}, h.tokens[permission]);
      expect(result.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    }
    const audit = await h.ok(
      `{ events(types: [WEBHOOK_ENDPOINT_CREATED], first: 1) { edges { node { subject { __typename } } } } }`,
      {},
      h.tokens.AUDIT,
    );
    expect(audit['events'].edges[0].node.subject).toBeNull();
  });
});
