import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEventCursor } from '@roster/core';
import { createPostgresTestDatabase, createTestRoster, type TestDatabase, type TestRoster } from '@roster/db/testing';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '@roster/webhooks/testing';
import { spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';

const ADMIN = 'a-shared-admin-token-for-every-process-0123';

/**
 * Webhooks as deployed: an API process (graphql, scim) and two worker processes on one fresh
 * PostgreSQL database. An endpoint made over GraphQL gets 50 SCIM creates, signed, in commit
 * order, each exactly once although both workers deliver; a ping from the API process; the
 * delivery history over GraphQL.
 */
describe('webhooks from two worker processes on one PostgreSQL', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let roster: TestRoster;
  let api: ServerProcess;
  const workers: ServerProcess[] = [];
  let hooks: WebhookReceiver;
  let iamId: string;
  let scimToken: string;
  const secretKey = randomBytes(32);

  const subjectOf = (webhook: { json: { data: Record<string, unknown> } }) =>
    (webhook.json.data['event'] as { subjectId: string }).subjectId;
  const until = async (check: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(`timed out; workers said:\n${workers.map((w) => w.output().slice(-2_000)).join('\n---\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data: Record<string, any>; errors?: { extensions: { code: string } }[] };
  };

  beforeAll(async () => {
    [db, hooks] = await Promise.all([createPostgresTestDatabase(), startWebhookReceiver()]);
    roster = await createTestRoster(db, { secretKey: new Uint8Array(secretKey) });
    const env = {
      DATABASE_URL: db.url!,
      SECRET_KEY: secretKey.toString('base64'),
      ADMIN_TOKEN: ADMIN,
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'warn',
      WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,0.2,0.2',
      // A dead worker's endpoints are taken up 3 s after its last sign of life.
      WEBHOOK_LEASE_SECONDS: '3',
      WEBHOOK_TIMEOUT_SECONDS: '2',
    };
    // The API first: it applies the migrations, so the workers start on a migrated database.
    api = await spawnServer({ ...env, ROSTER_ROLES: 'graphql,scim' });
    await waitForHealth(api);
    workers.push(...(await Promise.all([0, 1].map(() => spawnServer({ ...env, ROSTER_ROLES: 'worker' })))));
    await Promise.all(workers.map((worker) => waitForHealth(worker)));
    const created = await roster.createIam({ displayName: 'Okta', type: 'SAML', scim: { enabled: true } });
    iamId = created.iam.id;
    scimToken = created.scimToken!;
  });
  afterAll(async () => {
    for (const server of [api, ...workers]) if (server && server.child.exitCode === null) server.child.kill('SIGTERM');
    await Promise.all([api, ...workers].filter(Boolean).map((server) => server.exited));
    await hooks?.close();
    await db?.close();
  });

  it('delivers 50 SCIM creates made on the API process, signed, in order, each once', async () => {
    const made = await graphql(
      `
        mutation ($input: CreateWebhookEndpointInput!) {
          createWebhookEndpoint(input: $input) {
            secret
            endpoint {
              id
              url
              enabled
              types
            }
          }
        }
      `,
      { input: { url: hooks.url, iamId, types: ['USER_CREATED'], description: 'data platform' } },
    );
    expect(made.errors).toBeUndefined();
    const { secret, endpoint } = made.data['createWebhookEndpoint'];
    expect(endpoint).toMatchObject({ url: hooks.url, enabled: true, types: ['USER_CREATED'] });

    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`http://127.0.0.1:${api.port}/scim/v2/${iamId}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `person${i}@example.com`,
          emails: [{ value: `person${i}@example.com`, primary: true }],
        }),
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
    }

    const got = await hooks.waitForAccepted(50);
    expect(got.map((webhook) => (webhook.json.data['event'] as { subjectId: string }).subjectId)).toEqual(ids);
    for (const webhook of got) expect(() => verifyWebhook(secret, webhook)).not.toThrow();
    expect(got[0]!.json.data).toMatchObject({
      event: { origin: { kind: 'SCIM', iamId } },
      user: { id: ids[0], userName: 'person0@example.com', emails: [{ value: 'person0@example.com', primary: true }] },
    });
    const seqs = got.map((webhook) => decodeEventCursor(webhook.json.cursor!));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    // Both workers deliver; no event went twice.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(new Set(hooks.received.map((webhook) => webhook.headers['webhook-id'])).size).toBe(hooks.received.length);
    expect(hooks.received).toHaveLength(50);

    const history = await graphql(
      `
        query ($id: ID!) {
          webhookEndpoint(id: $id) {
            cursor
            failedAttempts
            deliveries(first: 3) {
              hasNextPage
              edges {
                node {
                  type
                  status
                  attempt
                  succeeded
                  eventCursor
                }
              }
            }
          }
        }
      `,
      { id: endpoint.id },
    );
    const tries = history.data['webhookEndpoint'].deliveries;
    expect(tries.hasNextPage).toBe(true);
    expect(tries.edges.map((edge: any) => edge.node)).toEqual(
      got
        .slice(-3)
        .reverse()
        .map((webhook) => ({ type: 'user.created', status: 204, attempt: 1, succeeded: true, eventCursor: webhook.json.cursor })),
    );
  });

  it('pings from the API process, and keeps webhooks to APPLICATION_ADMIN', async () => {
    const [endpoint] = (
      await graphql(`
        {
          webhookEndpoints {
            id
          }
        }
      `)
    ).data['webhookEndpoints'];
    const before = hooks.received.length;
    const ping = await graphql(
      `
        mutation ($id: ID!) {
          testWebhookEndpoint(id: $id) {
            type
            status
            succeeded
            error
          }
        }
      `,
      { id: endpoint.id },
    );
    expect(ping.data['testWebhookEndpoint']).toEqual({ type: 'webhook.ping', status: 204, succeeded: true, error: null });
    expect(hooks.received[before]!.json.type).toBe('webhook.ping');

    const { token } = await roster.createApiToken({ name: 'reader', permissions: ['USER_ADMIN'] });
    const response = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ webhookEndpoints { id } }' }),
    });
    const refused = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(refused.errors[0]!.extensions.code).toBe('FORBIDDEN');

    const bad = await graphql(`
      mutation {
        createWebhookEndpoint(input: { url: "http://169.254.169.254/" }) {
          secret
        }
      }
    `);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', reason: 'WEBHOOK_URL_REFUSED' });
  });

  it('loses nothing when the worker delivering is killed mid-burst: the other takes over from the written cursor', async () => {
    const slow = await startWebhookReceiver({ answer: () => new Promise((resolve) => setTimeout(() => resolve(200), 10)) });
    try {
      const made = await graphql(
        `
          mutation ($input: CreateWebhookEndpointInput!) {
            createWebhookEndpoint(input: $input) {
              endpoint {
                id
              }
            }
          }
        `,
        {
          input: { url: slow.url, iamId, types: ['USER_CREATED'] },
        },
      );
      const endpointId: string = made.data['createWebhookEndpoint'].endpoint.id;
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) {
        const response = await fetch(`http://127.0.0.1:${api.port}/scim/v2/${iamId}/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `crash${i}@example.com` }),
        });
        ids.push(((await response.json()) as { id: string }).id);
      }
      await slow.waitForAccepted(20);
      const [row] = await db.prisma.$queryRaw<
        { owner: string | null }[]
      >`SELECT "leaseOwner" AS owner FROM "WebhookEndpoint" WHERE id = ${endpointId}::uuid`;
      const pid = Number(/^webhooks-(\d+):/.exec(row?.owner ?? '')?.[1]);
      const holder = workers.find((worker) => worker.child.pid === pid);
      expect(holder).toBeDefined();
      holder!.child.kill('SIGKILL');
      await holder!.exited;

      await until(() => new Set(slow.accepted().map(subjectOf)).size === 100, 30_000);
      const arrived = slow.accepted().map(subjectOf);
      const firsts = arrived.filter((id, i) => arrived.indexOf(id) === i);
      expect(firsts).toEqual(ids);
      // At least once: what the killed worker had posted but not yet written goes again, nothing more.
      expect(arrived.length - 100).toBeLessThanOrEqual(33);
    } finally {
      await slow.close();
    }
  });
});
