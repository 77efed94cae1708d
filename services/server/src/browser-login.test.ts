import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcTestProvider, type OidcTestProvider } from '@roster/sso/testing';
import { createLogger, loadConfig } from '@roster/runtime';
import { startServer, type RunningServer } from './start-server.ts';
import { launchChromium } from './testing/chromium.ts';
import type { AddressInfo } from 'node:net';
import { freePort } from '@roster/db/testing';

const ADMIN_TOKEN = 'browser-test-admin-token-0123456789abcdef';

describe('Roster in headless Chromium: OpenID Connect login, the cross-origin boundary, GraphiQL offline', () => {
  let dataDir: string;
  let server: RunningServer;
  let provider: OidcTestProvider;
  let browser: Browser;
  // Two other origins on the same host (so "same-site" for the Lax session cookie): an attacker's
  // page, and a frontend listed in CORS_ORIGINS.
  let pages: Server[];
  let attackerOrigin: string;
  let trustedOrigin: string;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    pages = await Promise.all([0, 1].map(() => servePage()));
    [attackerOrigin, trustedOrigin] = pages.map((page) => `http://127.0.0.1:${(page.address() as AddressInfo).port}`) as [string, string];
    dataDir = await mkdtemp(join(tmpdir(), 'roster-browser-'));
    provider = await startOidcTestProvider([`${publicUrl}/bim/iam/okta/user/authenticate/callback`]);
    server = await startServer(
      loadConfig({
        PORT: String(port),
        DATA_DIR: dataDir,
        PUBLIC_URL: publicUrl,
        ADMIN_TOKEN,
        CORS_ORIGINS: trustedOrigin,
        LOG_LEVEL: 'silent',
      }),
      { logger: createLogger('silent') },
    );
    const created = await fetch(`${publicUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id loginReadiness { ready } } } }',
        variables: {
          input: {
            displayName: 'Okta',
            type: 'OIDC',
            oidc: {
              discoveryUrl: `${provider.issuer}/.well-known/openid-configuration`,
              clientId: provider.clientId,
              clientSecret: provider.clientSecret,
              scopes: ['openid', 'email', 'profile', 'groups'],
              groupsClaim: 'groups',
              allowInsecureRequests: true,
            },
            settings: {
              defaultPermissions: ['IDENTITY_READ'],
              syncGroups: true,
              groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }],
            },
          },
        },
      }),
    });
    expect(await created.json()).toEqual({ data: { createIam: { iam: { id: 'okta', loginReadiness: { ready: true } } } } });
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all((pages ?? []).map((page) => new Promise((resolve) => page.close(resolve))));
    await server?.stop();
    await provider?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("logs in through the provider and asks GraphQL who is logged in with the browser's session", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/bim/iam/okta/user/authenticate?returnTo=${encodeURIComponent('/healthz')}`);
    expect(page.url()).toBe(`${server.url}/healthz`);
    const viewer = () =>
      page.evaluate(async () => {
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ viewer { kind permissions user { userName iam { id } } } }' }),
        });
        return response.json() as Promise<{ data?: { viewer: unknown }; errors?: unknown[] }>;
      });
    expect(await viewer()).toEqual({
      data: {
        viewer: { kind: 'SESSION', permissions: ['IDENTITY_READ', 'USER_ADMIN'], user: { userName: 'ada@corp.com', iam: { id: 'okta' } } },
      },
    });
    // The session cookie is HttpOnly: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('roster_session');
    // Roster's own pages need no CSRF header: the browser says the request is same-origin.
    const sameOrigin = (headers: Record<string, string>) =>
      page.evaluate(async (h) => (await fetch('/graphql?query=%7Bviewer%7Bkind%7D%7D', { headers: h })).text(), headers);
    expect(JSON.parse(await sameOrigin({}))).toEqual({ data: { viewer: { kind: 'SESSION' } } });
    expect(JSON.parse(await sameOrigin({ 'x-roster-csrf': '1' }))).toEqual({ data: { viewer: { kind: 'SESSION' } } });
    // A page of another origin on the same site (the provider, another port of this host) gets the
    // Lax cookie sent along, but its logout POST is refused: the session survives.
    const sibling = await context.newPage();
    await sibling.goto(`${provider.issuer}/.well-known/openid-configuration`);
    await sibling.evaluate(
      async (url) => void (await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' })),
      `${server.url}/bim/logout`,
    );
    await sibling.close();
    expect(await viewer()).toMatchObject({ data: { viewer: { kind: 'SESSION' } } });
    // Logout from Roster's own page ends the session (same-origin: no header needed).
    expect(await page.evaluate(async () => (await fetch('/bim/logout', { method: 'POST' })).status)).toBe(204);
    const after = await viewer();
    expect(after.data?.viewer ?? null).toBeNull();
    expect(JSON.stringify(after.errors)).toMatch(/UNAUTHENTICATED/);
    await context.close();
  });

  it('refuses a page on another origin of the same site: no mutation, no reading, no WebSocket with the cookie', async () => {
    const context = await browser.newContext();
    await logIn(context);
    const attacker = await context.newPage();
    await attacker.goto(`${attackerOrigin}/`);
    const mutation = (name: string) => JSON.stringify({ query: `mutation { createGroup(displayName: "${name}") { id } }` });
    const outcome = await attacker.evaluate(
      async ({ target, bodies }) => {
        const attempt = (request: () => Promise<Response>) =>
          request().then(
            (r) => (r.type === 'opaque' ? 'sent, unreadable' : `read ${r.status}`),
            (e: Error) => `blocked: ${e.name}`,
          );
        const results: Record<string, string> = {};
        // A JSON POST needs a preflight, which gets no CORS headers: the browser never sends it.
        results.json = await attempt(() =>
          fetch(`${target}/graphql`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json' },
            body: bodies.json,
          }),
        );
        // "Simple" requests go out without a preflight, with the cookie; only the server can refuse them.
        results.form = await attempt(() =>
          fetch(`${target}/graphql`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: bodies.form,
          }),
        );
        results.plain = await attempt(() =>
          fetch(`${target}/graphql`, {
            method: 'POST',
            mode: 'no-cors',
            credentials: 'include',
            headers: { 'content-type': 'text/plain' },
            body: bodies.plain,
          }),
        );
        results.read = await attempt(() => fetch(`${target}/graphql?query=%7Bviewer%7Bkind%7D%7D`, { credentials: 'include' }));
        // Cross-site WebSocket hijacking: the handshake carries the cookie and the attacker's Origin.
        results.websocket = await new Promise<string>((resolve) => {
          const socket = new WebSocket(`${target.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
          socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
          socket.onmessage = (message) => resolve(`message: ${String(message.data)}`);
          socket.onclose = (event) => resolve(`closed ${event.code}`);
        });
        return results;
      },
      {
        target: server.url,
        bodies: {
          json: mutation('csrf-json'),
          form: `query=${encodeURIComponent('mutation { createGroup(displayName: "csrf-form") { id } }')}`,
          plain: mutation('csrf-plain'),
        },
      },
    );
    expect(outcome).toEqual({
      json: 'blocked: TypeError',
      form: 'sent, unreadable',
      plain: 'sent, unreadable',
      read: 'blocked: TypeError',
      websocket: 'closed 4403',
    });
    const groups = (await adminQuery('{ groups(first: 100) { edges { node { displayName } } } }')) as {
      data: { groups: { edges: { node: { displayName: string } }[] } };
    };
    expect(groups.data.groups.edges.map((edge) => edge.node.displayName).filter((name) => name.startsWith('csrf-'))).toEqual([]);
    await context.close();
  });

  it('lets a frontend listed in CORS_ORIGINS call with the session when it sends x-roster-csrf, and only then', async () => {
    const context = await browser.newContext();
    await logIn(context);
    const frontend = await context.newPage();
    await frontend.goto(`${trustedOrigin}/`);
    const call = (headers: Record<string, string>) =>
      frontend.evaluate(
        async ({ target, headers }) => {
          const response = await fetch(`${target}/graphql`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query: '{ viewer { kind user { userName } } }' }),
          });
          return { status: response.status, body: await response.json() };
        },
        { target: server.url, headers },
      );
    expect(await call({ 'x-roster-csrf': '1' })).toEqual({
      status: 200,
      body: { data: { viewer: { kind: 'SESSION', user: { userName: 'ada@corp.com' } } } },
    });
    const refused = await call({});
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].message).toMatch(/x-roster-csrf/);
    // Its WebSocket may use the cookie: the Origin is listed.
    const acked = await frontend.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`${target.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
          socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
          socket.onmessage = (message) => {
            resolve(JSON.parse(String(message.data)).type);
            socket.close();
          };
          socket.onclose = (event) => resolve(`closed ${event.code}`);
        }),
      server.url,
    );
    expect(acked).toBe('connection_ack');
    await context.close();
  });

  it('opens GraphiQL with nothing fetched from another host (it works air-gapped), and runs a query in it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(server.url)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const page = await logIn(context);
    await page.goto(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { kind user { userName } } }')}`);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window').getByText('ada@corp.com').waitFor({ timeout: 30_000 });
    // SCREENSHOT_DIR keeps the picture for a look; by default it goes with the test's data folder.
    await page.screenshot({ path: join(process.env['SCREENSHOT_DIR'] ?? dataDir, 'graphiql.png') });
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  /** Logs in through the OpenID Provider in `context`: its pages then hold the session cookie. */
  async function logIn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/bim/iam/okta/user/authenticate?returnTo=${encodeURIComponent('/healthz')}`);
    expect(page.url()).toBe(`${server.url}/healthz`);
    return page;
  }

  async function adminQuery(query: string): Promise<unknown> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query }),
    });
    return response.json();
  }
});

/** An HTTP server on a free loopback port serving one empty page: another origin for the browser. */
async function servePage(): Promise<Server> {
  const page = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other origin</title>'),
  );
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  return page;
}
