import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcTestProvider, type OidcTestProvider } from '@roster/sso/testing';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer, type RunningServer } from './start-server.ts';
import { launchChromium } from './testing/chromium.ts';
import { freePort } from './testing/spawn-server.ts';

const ADMIN_TOKEN = 'browser-test-admin-token-0123456789abcdef';

describe('OpenID Connect login in headless Chromium, end to end', () => {
  let dataDir: string;
  let server: RunningServer;
  let provider: OidcTestProvider;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'roster-browser-'));
    provider = await startOidcTestProvider([`${publicUrl}/bim/iam/okta/user/authenticate/callback`]);
    server = await startServer(loadConfig({ PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: publicUrl, ADMIN_TOKEN, LOG_LEVEL: 'silent' }), { logger: createLogger('silent') });
    const created = await fetch(`${publicUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        query: 'mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id loginReadiness { ready } } } }',
        variables: { input: {
          displayName: 'Okta', type: 'OIDC',
          oidc: { discoveryUrl: `${provider.issuer}/.well-known/openid-configuration`, clientId: provider.clientId, clientSecret: provider.clientSecret, scopes: ['openid', 'email', 'profile', 'groups'], groupsClaim: 'groups', allowInsecureRequests: true },
          settings: { defaultPermissions: ['IDENTITY_READ'], syncGroups: true, groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }] },
        } },
      }),
    });
    expect(await created.json()).toEqual({ data: { createIam: { iam: { id: 'okta', loginReadiness: { ready: true } } } } });
    browser = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('logs in through the provider and asks GraphQL who is logged in with the browser\'s session', async () => {
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
      data: { viewer: { kind: 'SESSION', permissions: ['IDENTITY_READ', 'USER_ADMIN'], user: { userName: 'ada@corp.com', iam: { id: 'okta' } } } },
    });
    // The session cookie is HttpOnly: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('roster_session');
    // Roster's own pages need no CSRF header: the browser says the request is same-origin.
    const sameOrigin = (headers: Record<string, string>) => page.evaluate(async (h) => (await fetch('/graphql?query=%7Bviewer%7Bkind%7D%7D', { headers: h })).text(), headers);
    expect(JSON.parse(await sameOrigin({}))).toEqual({ data: { viewer: { kind: 'SESSION' } } });
    expect(JSON.parse(await sameOrigin({ 'x-roster-csrf': '1' }))).toEqual({ data: { viewer: { kind: 'SESSION' } } });
    // A page of another origin on the same site (the provider, another port of this host) gets the
    // Lax cookie sent along, but its logout POST is refused: the session survives.
    const sibling = await context.newPage();
    await sibling.goto(`${provider.issuer}/.well-known/openid-configuration`);
    await sibling.evaluate(async (url) => void (await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' })), `${server.url}/bim/logout`);
    await sibling.close();
    expect(await viewer()).toMatchObject({ data: { viewer: { kind: 'SESSION' } } });
    // Logout from Roster's own page ends the session (same-origin: no header needed).
    expect(await page.evaluate(async () => (await fetch('/bim/logout', { method: 'POST' })).status)).toBe(204);
    const after = await viewer();
    expect(after.data?.viewer ?? null).toBeNull();
    expect(JSON.stringify(after.errors)).toMatch(/UNAUTHENTICATED/);
    await context.close();
  });
});
