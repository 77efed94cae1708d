import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createSsoApp } from './create-sso-app.ts';
import { startTestUserLogin } from './test-login.ts';
import { startOidcTestProvider, type OidcTestProvider } from '../testing/oidc-test-provider.ts';

const PUBLIC_URL = 'http://roster.test';
type Jar = Map<string, string>;

/** Keeps the cookies a response sets, like a browser would (per origin). */
function keep(jar: Jar, response: Response): void {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [name, ...value] = pair!.split('=');
    if (value.join('=') === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name!.trim());
    else jar.set(name!.trim(), value.join('='));
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

describe('OpenID Connect login against oidc-provider (authorization code + PKCE)', () => {
  let provider: OidcTestProvider;
  let issuer: string;
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let app: ReturnType<typeof createSsoApp>;
  const refusals: string[] = [];

  beforeAll(async () => {
    provider = await startOidcTestProvider([`${PUBLIC_URL}/bim/iam/okta/user/authenticate/callback`]);
    issuer = provider.issuer;
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    await roster.createIam({
      displayName: 'Okta',
      type: 'OIDC',
      oidc: {
        discoveryUrl: `${issuer}/.well-known/openid-configuration`,
        clientId: 'roster',
        clientSecret: 'client-secret',
        scopes: ['openid', 'email', 'profile', 'groups'],
        groupsClaim: 'groups',
        allowInsecureRequests: true,
      },
      settings: {
        defaultPermissions: ['IDENTITY_READ'],
        syncGroups: true,
        profileSchema: { displayName: 'name' },
        groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }],
      },
    });
    app = createSsoApp({ roster, publicUrl: PUBLIC_URL, onRefusal: (_iam, reason) => refusals.push(reason) });
  });
  afterAll(async () => {
    await db?.close();
    await provider?.close();
  });

  /** A browser: follows redirects across Roster (in-process) and the provider (real port). */
  async function login(
    returnTo = '/dashboard',
    tamper?: (url: URL, jar: Jar) => void | Promise<void>,
    startUrl?: string,
  ): Promise<{ status: number; location: string | null; roster: Jar; body: string }> {
    const rosterJar: Jar = new Map();
    const providerJar: Jar = new Map();
    let response = await app.request(startUrl ?? `${PUBLIC_URL}/bim/iam/okta/user/authenticate?returnTo=${encodeURIComponent(returnTo)}`);
    keep(rosterJar, response);
    let location = response.headers.get('location')!;
    while (!location.startsWith(PUBLIC_URL)) {
      response = await fetch(new URL(location, issuer), { redirect: 'manual', headers: { cookie: cookieHeader(providerJar) } });
      keep(providerJar, response);
      location = response.headers.get('location')!;
    }
    const callback = new URL(location);
    await tamper?.(callback, rosterJar);
    response = await app.request(callback.href, { headers: { cookie: cookieHeader(rosterJar) } });
    keep(rosterJar, response);
    return { status: response.status, location: response.headers.get('location'), roster: rosterJar, body: await response.text() };
  }

  it('logs a new user in just in time, with default permissions, groups and a session cookie', async () => {
    const result = await login('/dashboard?tab=me');
    expect(refusals).toEqual([]);
    expect(result).toMatchObject({ status: 302, location: '/dashboard?tab=me' });
    const principal = await roster.authenticateSession(result.roster.get('roster_session')!);
    expect(principal).toMatchObject({
      kind: 'SESSION',
      iamId: 'okta',
      userName: 'ada@corp.com',
      permissions: ['IDENTITY_READ', 'USER_ADMIN'],
    });
    const user = await roster.read((repos) => repos.users.findByUserName('okta', 'ada@corp.com'));
    expect(user).toMatchObject({ displayName: 'Ada Lovelace', source: 'SSO' });
    expect(result.roster.has('roster_login')).toBe(false);
    // The ID token's and userinfo's claims are kept, without the nonce and token hashes.
    expect(user!.sourceAttributes).toMatchObject({
      sub: 'ada',
      iss: issuer,
      aud: 'roster',
      email: 'ada@corp.com',
      name: 'Ada Lovelace',
      groups: ['Admins', 'Analysts'],
    });
    expect(Object.keys(user!.sourceAttributes)).not.toEqual(expect.arrayContaining(['nonce']));
    expect(Object.keys(user!.sourceAttributes).filter((claim) => /^(nonce|at_hash|c_hash|s_hash)$|token/i.test(claim))).toEqual([]);
    const events = await roster.events.readAfter({ after: 0, limit: 1000 });
    expect(JSON.stringify(events)).not.toMatch(/"nonce"|"at_hash"/);
    // The login's writes name the IAM it came through.
    const written = events.filter((event) => event.subjectId === user!.id);
    expect(written.map((event) => event.type)).toContain('USER_CREATED');
    expect(written.every((event) => event.origin?.kind === 'SSO' && event.origin.iamId === 'okta')).toBe(true);
  });

  it('updates groups at the next login, and logout ends the session, unless another site asks', async () => {
    provider.claims = { ...provider.claims, groups: ['Analysts'] };
    const result = await login();
    const token = result.roster.get('roster_session')!;
    expect(await roster.authenticateSession(token)).toMatchObject({ permissions: ['IDENTITY_READ'] });
    // Another site cannot log the user out: without the CSRF header and from a foreign origin, nothing changes.
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example.com' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.roster.test' },
      {},
    ];
    for (const headers of foreign) {
      const forged = await app.request(`${PUBLIC_URL}/bim/logout`, {
        method: 'POST',
        headers: { cookie: `roster_session=${token}`, ...headers },
      });
      expect(forged.status).toBe(403);
      expect(await forged.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(forged.headers.getSetCookie()).toEqual([]);
      expect(await roster.authenticateSession(token)).toMatchObject({ userName: 'ada@corp.com' });
    }
    const logout = await app.request(`${PUBLIC_URL}/bim/logout`, {
      method: 'POST',
      headers: { cookie: `roster_session=${token}`, 'x-roster-csrf': '1' },
    });
    expect(logout.status).toBe(204);
    expect(await roster.authenticateSession(token)).toBeNull();
    // Roster's own page logging out needs no header: the browser says it is same-origin.
    const again = (await login()).roster.get('roster_session')!;
    const sameOrigin = await app.request(`${PUBLIC_URL}/bim/logout`, {
      method: 'POST',
      headers: { cookie: `roster_session=${again}`, origin: PUBLIC_URL, 'sec-fetch-site': 'same-origin' },
    });
    expect(sameOrigin.status).toBe(204);
    expect(await roster.authenticateSession(again)).toBeNull();
  });

  it('refuses a callback whose state was tampered with, and a redirect to another site', async () => {
    const tampered = await login('/x', (url) => url.searchParams.set('state', 'forged'));
    expect(tampered.status).toBe(401);
    expect(tampered.roster.has('roster_session')).toBe(false);
    expect(refusals.at(-1)).toMatch(/state/);
    const offsite = await login('https://evil.example.com/');
    expect(offsite.location).toBe('/');
  });

  it("starts an IdP-initiated login only where allowed and only for the IAM's own issuer", async () => {
    const initiate = (iamId: string, iss: string) =>
      app.request(
        `${PUBLIC_URL}/bim/iam/${iamId}/user/authenticate?iss=${encodeURIComponent(iss)}&login_hint=ada&target_link_uri=${encodeURIComponent('/reports')}`,
      );
    expect((await initiate('okta', issuer)).status).toBe(400);
    expect(refusals.at(-1)).toMatch(/IdP-initiated login is not allowed/);
    await roster.createIam({
      displayName: 'Portal',
      type: 'OIDC',
      oidc: {
        discoveryUrl: `${issuer}/.well-known/openid-configuration`,
        clientId: 'roster',
        clientSecret: 'client-secret',
        allowIdpInitiated: true,
        allowInsecureRequests: true,
      },
    });
    const started = await initiate('portal', issuer);
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('login_hint')).toBe('ada');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect((await initiate('portal', 'https://evil.example.com')).status).toBe(400);
    expect(refusals.at(-1)).toMatch(/initiated by https:\/\/evil.example.com/);
  });

  it('runs a test user login with an unsaved groups claim and shows the result, saving nothing', async () => {
    await roster.updateIam('okta', { oidc: { groupsClaim: 'nope' } });
    const marker = await roster.events.lastSeq();
    const { loginUrl } = await startTestUserLogin(roster, PUBLIC_URL, 'okta', { oidc: { groupsClaim: 'groups' } });
    provider.claims = { ...provider.claims, groups: ['Testers'] };
    const result = await login('/', undefined, loginUrl);
    expect(result.status).toBe(200);
    expect(result.body).toContain('Test login succeeded');
    expect(result.body).toContain('ada@corp.com');
    expect(result.body).toContain('Testers');
    expect(result.roster.has('roster_session')).toBe(false);
    expect(await roster.events.readAfter({ after: marker, limit: 10 })).toEqual([]);
    expect((await roster.read((r) => r.iams.get('okta')))!.config).toMatchObject({ groupsClaim: 'nope' });
    await roster.updateIam('okta', { oidc: { groupsClaim: 'groups' } });
  });

  it('refuses an ID token whose nonce is not the one this login sent', async () => {
    const result = await login('/x', async (_url, jar) => {
      const pending = JSON.parse(await roster.deps.secrets.open(decodeURIComponent(jar.get('roster_login')!))) as Record<string, unknown>;
      jar.set('roster_login', encodeURIComponent(await roster.deps.secrets.seal(JSON.stringify({ ...pending, nonce: 'another-nonce' }))));
    });
    expect(result.status).toBe(401);
    expect(result.roster.has('roster_session')).toBe(false);
    expect(refusals.at(-1)).toMatch(/nonce/);
  });

  it('refuses a callback without a login in progress, and unknown IAMs', async () => {
    expect((await app.request(`${PUBLIC_URL}/bim/iam/okta/user/authenticate/callback?code=x&state=y`)).status).toBe(400);
    expect((await app.request(`${PUBLIC_URL}/bim/iam/nope/user/authenticate`)).status).toBe(404);
  });
});
