import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@roster/db/testing';
import { startOidcTestProvider, type OidcTestProvider } from '@roster/sso/testing';
import { startConsoleHarness, type ConsoleHarness } from './testing/console-browser.ts';

describe('Roster Console in headless Chromium: signing in, the frame, the boundary', () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(() => harness?.close());

  it('serves the built console at /console/ with its security headers, / leads there, unknown files are 404', async () => {
    const root = await fetch(`${harness.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const page = await fetch(`${harness.url}/console/users/some-id`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${harness.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${harness.url}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${harness.url}/console/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a wrong API token with the API code, signs in with a right one, signs out', async () => {
    const tab = await harness.open();
    await tab.page.getByRole('heading', { name: 'Roster Console' }).waitFor();
    await tab.expectAccessible();
    await tab.screenshot('sign-in');
    await tab.page.getByLabel('API token').fill('not-a-token');
    await tab.page.getByRole('button', { name: 'Sign in' }).click();
    const alert = tab.page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('UNAUTHENTICATED');
    await tab.signIn();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    // Reloading keeps the tab signed in (the token is in this tab's sessionStorage).
    await tab.page.reload();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    await tab.page.getByRole('button', { name: 'Sign out' }).click();
    await tab.page.getByLabel('API token').waitFor();
    expect(await tab.page.evaluate(() => sessionStorage.length)).toBe(0);
    // The one expected console error: the wrong token's 401.
    expect(tab.problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('works in a narrow window', async () => {
    const tab = await harness.open('/console/', { viewport: { width: 390, height: 800 } });
    await tab.signIn();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });
});

describe('Roster Console: signing in with SSO', () => {
  let harness: ConsoleHarness;
  let provider: OidcTestProvider;
  beforeAll(async () => {
    const port = await freePort();
    const callback = (iam: string) => `http://127.0.0.1:${port}/bim/iam/${iam}/user/authenticate/callback`;
    provider = await startOidcTestProvider([callback('okta'), callback('okta-readers')]);
    harness = await startConsoleHarness({}, { port });
    const oidc = {
      discoveryUrl: `${provider.issuer}/.well-known/openid-configuration`,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      scopes: ['openid', 'email', 'profile', 'groups'],
      groupsClaim: 'groups',
      allowInsecureRequests: true,
    };
    const create = 'mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }';
    // Ada is in "Admins" at the provider: at "Okta" that makes her an application admin; at
    // "Okta readers" she holds no permission at all.
    await harness.gql(create, {
      input: {
        displayName: 'Okta',
        type: 'OIDC',
        oidc,
        settings: { syncGroups: true, groupPermissions: [{ group: 'Admins', permissions: ['APPLICATION_ADMIN'] }] },
      },
    });
    await harness.gql(create, { input: { displayName: 'Okta readers', type: 'OIDC', oidc } });
    await harness.gql(create, { input: { displayName: 'Not ready', type: 'SAML' } });
  });
  afterAll(async () => {
    await harness?.close();
    await provider?.close();
  });

  it('offers the login-ready SSO IAMs, comes back signed in with the session, and signs out through the form', async () => {
    const tab = await harness.open('/console/iams');
    const sso = tab.page.getByRole('region', { name: 'Or sign in with your identity provider' });
    await expect.poll(() => sso.getByRole('link').allTextContents()).toEqual(['Okta (OIDC)', 'Okta readers (OIDC)']);
    await tab.expectAccessible();
    await sso.getByRole('link', { name: 'Okta (OIDC)' }).click();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    // Back where the login started, as the user, with what an application admin may do.
    expect(new URL(tab.page.url()).pathname).toBe('/console/iams');
    await expect.poll(() => tab.page.getByRole('banner').textContent()).toContain('ada@corp.com');
    await tab.page.getByRole('link', { name: 'Add IAM' }).waitFor();
    expect(await tab.page.evaluate(() => sessionStorage.length)).toBe(0);
    await tab.page.getByRole('button', { name: 'Sign out' }).click();
    await tab.page.getByLabel('API token').waitFor();
    expect(new URL(tab.page.url()).pathname).toBe('/console/');
    // The session is over: a reload stays signed out.
    await tab.page.reload();
    await tab.page.getByLabel('API token').waitFor();
    expect(tab.problems).toEqual([]);
  });

  it('tells a user who holds no permission why the console will not open', async () => {
    const tab = await harness.open();
    await tab.page.getByRole('link', { name: 'Okta readers (OIDC)' }).click();
    await expect.poll(() => tab.page.getByRole('alert').textContent()).toContain('FORBIDDEN');
    await expect.poll(() => tab.page.getByRole('alert').textContent()).toContain('holds no Roster permission');
    await tab.page.getByLabel('API token').waitFor();
    expect(tab.problems).toEqual([]);
  });
});
