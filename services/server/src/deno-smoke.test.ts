import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeEventCursor } from '@roster/core';
import { createPostgresTestDatabase, freePort, startRedisServer, type TestDatabase } from '@roster/db/testing';
import { oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { SamlTestIdp, startOidcTestProvider } from '@roster/sso/testing';
import { launchChromium } from './testing/chromium.ts';
import { oktaLdapIamInput } from './testing/ldap-iam-input.ts';
import { spawnDenoServer, spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';
const ADMIN = 'deno-smoke-admin-token-0123456789abcdef';
const SUFFIX = 'dc=deno,dc=test';

describe('Roster on Deno: the built server under `npm run start:deno`', { timeout: 120_000 }, () => {
  let slapd: TestSlapd;
  let dataDir: string;
  let deno: ServerProcess;
  let url: string;
  const gql = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const ok = async (query: string, variables: Record<string, unknown> = {}) => {
    const body = await gql(query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'roster-deno-'));
    slapd = await startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 8, groups: 2 }) });
    deno = await spawnDenoServer({ PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'info' });
    await waitForHealth(deno, 90_000);
  }, 180_000);
  afterAll(async () => {
    if (deno && deno.child.exitCode === null) deno.child.kill('SIGKILL');
    await slapd?.destroy();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says it runs on Deno', async () => {
    const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      runtime: 'deno',
      runtimeVersion: expect.stringMatching(/^2\./),
      database: { kind: 'pglite' },
    });
  });

  it('makes a SCIM IAM over GraphQL, takes a SCIM create, shows it in users and streams its event over graphql-ws', async () => {
    const { createIam } = await ok(
      'mutation { createIam(input: { displayName: "Okta", type: SAML, scim: { enabled: true } }) { scimToken iam { id } } }',
    );
    const ws = createClient({
      url: url.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ADMIN}` },
    });
    const received: unknown[] = [];
    const subscribed = new Promise<void>((resolve, reject) => {
      const unsubscribe = ws.subscribe(
        {
          query: 'subscription { provisioningEvents(iamId: "okta", types: [USER_CREATED]) { type subject { ... on User { userName } } } }',
        },
        {
          next: (value) => {
            received.push(value.data);
            unsubscribe();
            resolve();
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    // The subscription starts "from now": wait until the server holds it.
    await new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const post = await fetch(`${url}/scim/v2/okta/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${createIam.scimToken}` },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@corp.com', active: true }),
    });
    expect(post.status).toBe(201);
    const { users } = await ok('{ users(iamId: "okta", first: 5) { totalCount edges { node { userName } } } }');
    expect(users).toEqual({ totalCount: 1, edges: [{ node: { userName: 'ada@corp.com' } }] });
    await subscribed;
    expect(received).toEqual([{ provisioningEvents: { type: 'USER_CREATED', subject: { userName: 'ada@corp.com' } } }]);
    await ws.dispose();
  });

  it('logs a user in through SAML (samlify as the IdP) and serves GraphQL on the session', async () => {
    const idp = new SamlTestIdp();
    await ok('mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
      input: {
        displayName: 'Corp SAML',
        type: 'SAML',
        saml: { entryPoint: idp.ssoUrl, idpIssuer: idp.entityId, idpCertificate: idp.signing.certificate },
        settings: { defaultPermissions: ['IDENTITY_READ'] },
      },
    });
    idp.useSpMetadata(await (await fetch(`${url}/bim/iam/corp-saml/saml/metadata`)).text());
    const start = await fetch(`${url}/bim/iam/corp-saml/user/authenticate?returnTo=/console/`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const request = await idp.readLoginRequest(start.headers.get('location')!);
    const SAMLResponse = await idp.loginResponse({ inResponseTo: request.id, nameId: 'grace@corp.com' });
    const callback = await fetch(`${url}/bim/iam/corp-saml/user/authenticate/callback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse }),
    });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/console/');
    const cookie = /roster_session=[^;]+/.exec(callback.headers.getSetCookie().join('\n'))![0];
    const viewer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-roster-csrf': '1' },
      body: JSON.stringify({ query: '{ viewer { kind permissions user { userName } } }' }),
    });
    expect(await viewer.json()).toEqual({
      data: { viewer: { kind: 'SESSION', permissions: ['IDENTITY_READ'], user: { userName: 'grace@corp.com' } } },
    });
  });

  it('logs a user in through OpenID Connect (oidc-provider) in Chromium', async () => {
    const provider = await startOidcTestProvider([`${url}/bim/iam/corp-oidc/user/authenticate/callback`]);
    const browser = await launchChromium();
    try {
      await ok('mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
        input: {
          displayName: 'Corp OIDC',
          type: 'OIDC',
          oidc: {
            discoveryUrl: `${provider.issuer}/.well-known/openid-configuration`,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            allowInsecureRequests: true,
          },
          settings: { defaultPermissions: ['AUDIT'] },
        },
      });
      const page = await browser.newPage();
      await page.goto(`${url}/bim/iam/corp-oidc/user/authenticate?returnTo=${encodeURIComponent('/healthz')}`);
      expect(page.url()).toBe(`${url}/healthz`);
      const viewer = await page.evaluate(async () => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ viewer { kind permissions } }' }),
        });
        return response.json() as Promise<unknown>;
      });
      expect(viewer).toEqual({ data: { viewer: { kind: 'SESSION', permissions: ['AUDIT'] } } });
    } finally {
      await browser.close();
      await provider.close();
    }
  });

  it('streams a subscription over Server-Sent Events', async () => {
    const { createIam } = await ok(
      'mutation { createIam(input: { displayName: "Sse", type: SAML, scim: { enabled: true } }) { scimToken } }',
    );
    const stream = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query: 'subscription { provisioningEvents(iamId: "sse", types: [USER_CREATED]) { type } }' }),
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    // Create users until the stream (which starts from now) has one.
    for (let i = 0; !text.includes('USER_CREATED') && i < 50; i += 1) {
      await fetch(`${url}/scim/v2/sse/Users`, {
        method: 'POST',
        headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${createIam.scimToken}` },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `sse-${i}@corp.com` }),
      });
      const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), 300))]);
      if (next && !next.done) text += next.value;
    }
    await reader.cancel();
    expect(text).toContain('"provisioningEvents":{"type":"USER_CREATED"}');
  });

  it('syncs an LDAP directory with ldapts against the test slapd', async () => {
    await ok('mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
      input: oktaLdapIamInput(slapd, 'Corp LDAP'),
    });
    const { triggerLdapSync } = await ok('mutation { triggerLdapSync(iamId: "corp-ldap", mode: FULL) { status } }');
    expect(triggerLdapSync.status).toBe('RUNNING');
    let run = { status: 'RUNNING', counts: { usersCreated: 0 } };
    for (let i = 0; i < 300 && run.status === 'RUNNING'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = (await ok('{ syncRuns(iamId: "corp-ldap", first: 1) { status counts { usersCreated } } }')).syncRuns[0];
    }
    expect(run).toEqual({ status: 'SUCCEEDED', counts: { usersCreated: 8 } });
    const { groups } = await ok('{ groups(iamId: "corp-ldap", first: 5) { totalCount } }');
    expect(groups.totalCount).toBe(2);
  });

  it('refuses a second server on the same data folder, and stops cleanly on SIGTERM', async () => {
    const second = await spawnDenoServer({ DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('DATA_DIR_LOCKED');
    deno.child.kill('SIGTERM');
    expect(await deno.exited).toBe(0);
    expect(deno.output()).not.toMatch(/uncaught|panicked/i);
  });
});

describe('a Deno and a Node process on one PostgreSQL and Redis', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let redis: ChildProcess;
  let folder: string;
  let deno: ServerProcess;
  let node: ServerProcess;
  const clients: Client[] = [];
  const base = (server: ServerProcess) => `http://127.0.0.1:${server.port}`;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    folder = await mkdtemp(join(tmpdir(), 'roster-deno-pg-'));
    const redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    const env = {
      DATABASE_URL: db.url!,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      ADMIN_TOKEN: ADMIN,
      SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    };
    [deno, node] = await Promise.all([
      spawnDenoServer({ ...env, DATA_DIR: join(folder, 'deno') }),
      spawnServer({ ...env, DATA_DIR: join(folder, 'node') }),
    ]);
    await Promise.all([waitForHealth(deno, 90_000), waitForHealth(node)]);
  }, 180_000);
  afterAll(async () => {
    for (const client of clients) void client.dispose();
    for (const server of [deno, node]) if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await db?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** Every USER_CREATED of the IAM that `server` streams, by userName, until `count` arrived. */
  const listen = async (server: ServerProcess, iamId: string, count: number) => {
    const client = createClient({
      url: `ws://127.0.0.1:${server.port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ADMIN}` },
    });
    clients.push(client);
    const names: string[] = [];
    const all = new Promise<string[]>((resolve, reject) => {
      client.subscribe<{ provisioningEvents: { subject: { userName: string } } }>(
        {
          query: `subscription { provisioningEvents(after: "${encodeEventCursor(0)}", iamId: "${iamId}", types: [USER_CREATED]) { sequence subject { ... on User { userName } } } }`,
        },
        {
          next: (result) => {
            const { data } = result;
            names.push(data!.provisioningEvents.subject.userName);
            if (names.length === count) resolve(names);
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    return { all, names };
  };

  it('streams what either one writes, in commit order, through PostgreSQL and Redis', async () => {
    const made = await fetch(`${base(deno)}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({
        query: 'mutation { createIam(input: { displayName: "Okta", type: SAML, scim: { enabled: true } }) { scimToken iam { id } } }',
      }),
    });
    const { scimToken } = ((await made.json()) as { data: { createIam: { scimToken: string } } }).data.createIam;
    const onNode = await listen(node, 'okta', 20);
    const onDeno = await listen(deno, 'okta', 20);
    const expected: string[] = [];
    // Ten creates on each, alternating: the token sealed by the Deno process opens on the Node one.
    for (let i = 0; i < 20; i += 1) {
      const userName = `user-${i}@corp.com`;
      const response = await fetch(`${base(i % 2 === 0 ? deno : node)}/scim/v2/okta/Users`, {
        method: 'POST',
        headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${scimToken}` },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
      });
      expect(response.status).toBe(201);
      expected.push(userName);
    }
    await Promise.race([Promise.all([onNode.all, onDeno.all]), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    expect(onNode.names).toEqual(expected);
    expect(onDeno.names).toEqual(expected);
    const health = (await (await fetch(`${base(deno)}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ runtime: 'deno', database: { kind: 'postgresql' } });
  });
});
