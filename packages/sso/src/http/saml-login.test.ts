import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { samlify } from '../saml/saml-entities.ts';
import { makeKeyAndCertificate, SamlTestIdp } from '../testing/saml-test-idp.ts';
import { createSsoApp } from './create-sso-app.ts';
import { startTestUserLogin } from './test-login.ts';

const PUBLIC_URL = 'http://roster.test';
const ACS = `${PUBLIC_URL}/bim/iam/okta/user/authenticate/callback`;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const sessionCookie = (response: Response) => /roster_session=([^;]+)/.exec(response.headers.getSetCookie().join('\n'))?.[1] ?? null;

describe('SAML 2.0 login against samlify as the IdP', () => {
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let app: ReturnType<typeof createSsoApp>;
  let idp: SamlTestIdp;
  const refusals: string[] = [];
  const notices: string[] = [];
  let external: Server;
  let externalUrl: string;
  let externalMode: 'up' | 'down' | 'slow' = 'up';

  beforeAll(async () => {
    external = createServer((req, res) => {
      if (externalMode === 'down') return res.writeHead(503).end();
      if (externalMode === 'slow') return setTimeout(() => res.writeHead(200).end('{}'), 2_000);
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { userId } = JSON.parse(body) as { userId: string };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ groups: ['Auditors'], attributes: { clearance: userId === 'ada@corp.com' ? 'high' : 'low' } }));
      });
    });
    await new Promise<void>((resolve) => external.listen(0, '127.0.0.1', resolve));
    externalUrl = `http://127.0.0.1:${(external.address() as AddressInfo).port}/lookup`;

    idp = new SamlTestIdp();
    const spSigning = makeKeyAndCertificate('roster.test');
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    await roster.createIam({
      displayName: 'Okta',
      type: 'SAML',
      saml: {
        entryPoint: idp.ssoUrl,
        idpIssuer: idp.entityId,
        idpCertificate: idp.signing.certificate,
        signingPrivateKey: spSigning.key,
        signingCertificate: spSigning.certificate,
        groupAttribute: 'groups',
        singleLogout: { enabled: true, url: idp.sloUrl },
        clockSkewSeconds: 30,
      },
      settings: {
        defaultPermissions: ['IDENTITY_READ'],
        syncGroups: true,
        syncAttributes: true,
        profileSchema: { displayName: 'displayName' },
        attributeSchema: [
          { source: 'department', prefix: 'saml', delimiter: ';' },
          { source: 'clearance', prefix: 'ext' },
        ],
        groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }],
        externalEndpoint: { url: externalUrl, timeoutMs: 3_000 },
      },
    });
    await roster.createIam({
      displayName: 'Legacy',
      type: 'SAML',
      saml: { entryPoint: idp.ssoUrl, idpCertificate: idp.signing.certificate, allowIdpInitiated: true },
    });
    app = createSsoApp({
      roster,
      publicUrl: PUBLIC_URL,
      onRefusal: (_iam, reason) => refusals.push(reason),
      onNotice: (_iam, message) => notices.push(message),
    });
    const metadata = await (await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/metadata`)).text();
    idp.useSpMetadata(metadata);
  });
  afterAll(async () => {
    await db?.close();
    await new Promise<void>((resolve) => external.close(() => resolve()));
  });
  beforeEach(() => {
    refusals.length = 0;
    externalMode = 'up';
  });

  /** SP-initiated: Roster's AuthnRequest, read by the IdP, answered with `overrides`. */
  async function startLogin(returnTo = '/dashboard') {
    const start = await app.request(`${PUBLIC_URL}/bim/iam/okta/user/authenticate?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    return idp.readLoginRequest(start.headers.get('location')!);
  }
  const post = (SAMLResponse: string, iam = 'okta', RelayState?: string) =>
    app.request(`${PUBLIC_URL}/bim/iam/${iam}/user/authenticate/callback`, form({ SAMLResponse, ...(RelayState ? { RelayState } : {}) }));
  const attributes = { displayName: 'Ada Lovelace', groups: ['Admins', 'Analysts'], department: 'Math;Engines' };

  it('serves SP metadata with the assertion consumer, single logout service and signing certificate', async () => {
    const response = await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/metadata`);
    expect(response.headers.get('content-type')).toContain('samlmetadata+xml');
    const metadata = await response.text();
    expect(metadata).toContain(`entityID="${PUBLIC_URL}/bim/iam/okta/saml/metadata"`);
    expect(metadata).toContain(`Location="${ACS}"`);
    expect(metadata).toContain(`Location="${PUBLIC_URL}/bim/iam/okta/saml/slo"`);
    expect(metadata).toContain('WantAssertionsSigned="true"');
    expect(metadata).toContain('<ds:X509Certificate>');
    expect((await app.request(`${PUBLIC_URL}/bim/iam/nope/saml/metadata`)).status).toBe(404);
  });

  it('logs a user in SP-initiated: JIT user with default permissions, groups, delimited attributes, external endpoint, session', async () => {
    const request = await startLogin('/dashboard?tab=me');
    expect(request.acsUrl).toBe(ACS);
    expect(request.xml).toContain('RequestedAuthnContext');
    const response = await post(await idp.loginResponse({ inResponseTo: request.id, attributes }));
    expect(refusals).toEqual([]);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/dashboard?tab=me');
    const principal = await roster.authenticateSession(sessionCookie(response)!);
    expect(principal).toMatchObject({ iamId: 'okta', userName: 'ada@corp.com', permissions: ['IDENTITY_READ', 'USER_ADMIN'] });
    const user = (await roster.read((r) => r.users.findByUserName('okta', 'ada@corp.com')))!;
    expect(user).toMatchObject({ displayName: 'Ada Lovelace', source: 'SSO' });
    // What the assertion carried (and the external endpoint added) is kept as it came.
    expect(user.sourceAttributes).toMatchObject({
      nameID: 'ada@corp.com',
      displayName: 'Ada Lovelace',
      department: 'Math;Engines',
      clearance: 'high',
    });
    expect(await roster.read((r) => r.userAttributes.get(user.id))).toEqual({
      'saml.department': ['Math', 'Engines'],
      'ext.clearance': ['high'],
    });
    const groups = await roster.read((r) => r.memberships.groupNamesOf([user.id]));
    expect(groups.get(user.id)!.sort()).toEqual(['Admins', 'Analysts', 'Auditors']);
    expect(await roster.read((r) => r.iams.externalLookupStatus('okta'))).toMatchObject({ error: null });
  });

  it("grants default permissions only at creation, and logs in again with the IdP's data when the external endpoint is down", async () => {
    await roster.updateIam('okta', { settings: { defaultPermissions: ['AUDIT'] } });
    externalMode = 'down';
    const request = await startLogin();
    const response = await post(await idp.loginResponse({ inResponseTo: request.id, attributes: { ...attributes, groups: ['Analysts'] } }));
    expect(response.status).toBe(302);
    expect(await roster.authenticateSession(sessionCookie(response)!)).toMatchObject({ permissions: ['IDENTITY_READ'] });
    expect(notices.at(-1)).toMatch(/external groups and attributes endpoint failed.*HTTP 503/);
    expect(await roster.read((r) => r.iams.externalLookupStatus('okta'))).toMatchObject({ error: expect.stringContaining('HTTP 503') });
    externalMode = 'slow';
    await roster.updateIam('okta', { settings: { externalEndpoint: { url: externalUrl, timeoutMs: 300 } } });
    const again = await startLogin();
    expect((await post(await idp.loginResponse({ inResponseTo: again.id, attributes }))).status).toBe(302);
    expect(await roster.read((r) => r.iams.externalLookupStatus('okta'))).toMatchObject({
      error: expect.stringContaining('no answer within 300 ms'),
    });
  });

  it('refuses a replayed assertion, a response to a request it did not issue, and an unsolicited one', async () => {
    const request = await startLogin();
    const signed = await idp.loginResponse({ inResponseTo: request.id, attributes });
    expect((await post(signed)).status).toBe(302);
    expect((await post(signed)).status).toBe(401);
    expect(refusals.at(-1)).toMatch(/InResponseTo .* not a login request Roster issued/);
    expect((await post(await idp.loginResponse({ inResponseTo: '_forged', attributes }))).status).toBe(401);
    expect(refusals.at(-1)).toMatch(/InResponseTo _forged/);
    const unsolicited = await post(await idp.loginResponse({ attributes }));
    expect(unsolicited.status).toBe(401);
    expect(sessionCookie(unsolicited)).toBeNull();
    expect(refusals.at(-1)).toMatch(/IdP-initiated SSO is not allowed/);
  });

  it.each([
    ['a wrong audience', { audience: 'https://other.example.com' }, /audience/],
    ['a wrong recipient', { recipient: 'https://evil.example.com/acs' }, /recipient/],
    ['a wrong destination', { destination: 'https://evil.example.com/acs' }, /addressed to/],
    [
      'an expired assertion',
      { notBefore: new Date(Date.now() - 20 * 60_000), notOnOrAfter: new Date(Date.now() - 10 * 60_000) },
      /expired|not yet valid/,
    ],
    [
      'a not-yet-valid assertion',
      { notBefore: new Date(Date.now() + 10 * 60_000), notOnOrAfter: new Date(Date.now() + 20 * 60_000) },
      /expired or not yet valid/,
    ],
    ['another issuer', { issuer: 'https://evil.example.com/idp' }, /issuer/],
  ])('refuses %s', async (_name, overrides, reason) => {
    const request = await startLogin();
    const response = await post(await idp.loginResponse({ inResponseTo: request.id, attributes, ...overrides }));
    expect(response.status).toBe(401);
    expect(sessionCookie(response)).toBeNull();
    expect(await response.text()).toContain('Login failed');
    expect(refusals.at(-1)).toMatch(reason);
  });

  it('accepts an assertion within the configured clock skew', async () => {
    const request = await startLogin();
    const response = await post(
      await idp.loginResponse({
        inResponseTo: request.id,
        attributes,
        notBefore: new Date(Date.now() + 10_000),
        notOnOrAfter: new Date(Date.now() + 60_000),
      }),
    );
    expect(refusals).toEqual([]);
    expect(response.status).toBe(302);
  });

  it('refuses unsigned and tampered responses, and is not fooled by XML signature wrapping', async () => {
    const request = await startLogin();
    const xml = String(samlify.Utility.base64Decode(await idp.loginResponse({ inResponseTo: request.id, attributes })));
    const unsigned = xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '');
    expect((await post(Buffer.from(unsigned).toString('base64'))).status).toBe(401);
    expect(refusals.at(-1)).toMatch(/signature/);
    const tampered = xml.replace('ada@corp.com</saml:NameID>', 'mallory@corp.com</saml:NameID>');
    expect(tampered).not.toBe(xml);
    expect((await post(Buffer.from(tampered).toString('base64'))).status).toBe(401);
    expect(refusals.at(-1)).toMatch(/signature/);

    // XSW: the attacker's unsigned assertion comes first; the signed original is kept behind it.
    const second = await startLogin();
    const original = String(
      samlify.Utility.base64Decode(await idp.loginResponse({ inResponseTo: second.id, nameId: 'eve@corp.com', attributes })),
    );
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(original)![0];
    const evil = assertion
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
      .replace('eve@corp.com', 'admin@corp.com')
      .replace(/ID="[^"]+"/, 'ID="_evil"');
    const wrapped = original.replace(assertion, evil + assertion);
    const response = await post(Buffer.from(wrapped).toString('base64'));
    expect(response.status).toBe(401);
    expect(sessionCookie(response)).toBeNull();
    expect(refusals.at(-1)).toMatch(/2 assertions/);
    for (const userName of ['eve@corp.com', 'admin@corp.com'])
      expect(await roster.read((r) => r.users.findByUserName('okta', userName))).toBeNull();
    // XSW inside the subject confirmation.
    const third = await startLogin();
    const base = String(samlify.Utility.base64Decode(await idp.loginResponse({ inResponseTo: third.id, attributes })));
    const nested = base.replace(/(<saml:SubjectConfirmationData[^>]*)\/>/, `$1>${evil}</saml:SubjectConfirmationData>`);
    expect((await post(Buffer.from(nested).toString('base64'))).status).toBe(401);
    expect(await roster.read((r) => r.users.findByUserName('okta', 'admin@corp.com'))).toBeNull();
  });

  it('answers malformed SAML with an error page, never a crash', async () => {
    for (const garbage of [
      '',
      'not base64 at all!',
      Buffer.from('<not-saml/>').toString('base64'),
      Buffer.from('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"').toString('base64'),
      Buffer.from('x'.repeat(2000)).toString('base64'),
    ]) {
      const response = await post(garbage);
      expect([400, 401]).toContain(response.status);
    }
    const redirect = await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/slo?SAMLRequest=${encodeURIComponent('%%%garbage')}`);
    expect(redirect.status).toBe(401);
    const huge = await post('A'.repeat(600 * 1024));
    expect(huge.status).toBe(400);
    // Still serving.
    expect((await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/metadata`)).status).toBe(200);
  });

  it('accepts IdP-initiated SSO where allowed, going to a local RelayState only', async () => {
    const metadata = await (await app.request(`${PUBLIC_URL}/bim/iam/legacy/saml/metadata`)).text();
    const legacyIdp = idp.forServiceProvider(metadata);
    const response = await post(await legacyIdp.loginResponse({ nameId: 'grace@corp.com' }), 'legacy', 'https://evil.example.com/');
    expect(refusals).toEqual([]);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect(await roster.authenticateSession(sessionCookie(response)!)).toMatchObject({ iamId: 'legacy', userName: 'grace@corp.com' });
    const local = await post(await legacyIdp.loginResponse({ nameId: 'grace@corp.com' }), 'legacy', '/reports');
    expect(local.headers.get('location')).toBe('/reports');
    const cookie = local.headers.getSetCookie().find((c) => c.startsWith('roster_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    // Behind https the cookie is Secure.
    const httpsApp = createSsoApp({ roster, publicUrl: 'https://roster.test' });
    const httpsIdp = idp.forServiceProvider(await (await httpsApp.request('https://roster.test/bim/iam/legacy/saml/metadata')).text());
    const secure = await httpsApp.request(
      'https://roster.test/bim/iam/legacy/user/authenticate/callback',
      form({ SAMLResponse: await httpsIdp.loginResponse({ nameId: 'grace@corp.com' }) }),
    );
    expect(secure.headers.getSetCookie().find((c) => c.startsWith('roster_session='))).toMatch(/; Secure/);
    // Login requests of an IAM that allows IdP-initiated SSO carry no RequestedAuthnContext.
    const start = await app.request(`${PUBLIC_URL}/bim/iam/legacy/user/authenticate`);
    expect((await legacyIdp.readLoginRequest(start.headers.get('location')!)).xml).not.toContain('RequestedAuthnContext');
  });

  it('runs a test user login with unsaved settings: shows what the IdP sent, saves nothing, link works once', async () => {
    const newIdp = new SamlTestIdp();
    newIdp.useSpMetadata(await (await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/metadata`)).text());
    const before = await roster.read((r) => r.iams.get('okta'));
    const marker = await roster.events.lastSeq();
    const { loginUrl } = await startTestUserLogin(roster, PUBLIC_URL, 'okta', {
      saml: { idpCertificate: newIdp.signing.certificate, groupAttribute: 'roles' },
    });
    expect(loginUrl).toMatch(new RegExp(`^${PUBLIC_URL}/bim/iam/okta/user/authenticate/test/test_`));
    const start = await app.request(loginUrl);
    expect(start.status).toBe(302);
    const request = await newIdp.readLoginRequest(start.headers.get('location')!);
    const response = await post(
      await newIdp.loginResponse({
        inResponseTo: request.id,
        nameId: 'tess@corp.com',
        attributes: { roles: ['Ops', 'Dev'], displayName: 'Tess' },
      }),
    );
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('Test login succeeded');
    expect(page).toContain('tess@corp.com');
    expect(page).toContain('Ops, Dev, Auditors');
    expect(sessionCookie(response)).toBeNull();
    expect(await roster.read((r) => r.users.findByUserName('okta', 'tess@corp.com'))).toBeNull();
    expect(await roster.read((r) => r.iams.get('okta'))).toEqual(before);
    expect(await roster.events.readAfter({ after: marker, limit: 10 })).toEqual([]);
    // The saved configuration still trusts only the old certificate.
    const real = await startLogin();
    expect((await post(await newIdp.loginResponse({ inResponseTo: real.id }))).status).toBe(401);
    expect((await app.request(loginUrl)).status).toBe(404);
    // A refused test login says why.
    const { loginUrl: second } = await startTestUserLogin(roster, PUBLIC_URL, 'okta', {});
    const again = await newIdp.readLoginRequest((await app.request(second)).headers.get('location')!);
    const refused = await post(await newIdp.loginResponse({ inResponseTo: again.id }));
    expect(refused.status).toBe(401);
    const refusedPage = await refused.text();
    expect(refusedPage, refusedPage).toMatch(/Test login failed.*signed with a certificate other than the configured IdP certificate/s);
  });

  it('sends login requests by HTTP-POST when configured, and decrypts encrypted assertions', async () => {
    const encryption = makeKeyAndCertificate('roster-encryption.test');
    await roster.createIam({
      displayName: 'Sealed',
      type: 'SAML',
      saml: {
        entryPoint: idp.ssoUrl,
        idpCertificate: idp.signing.certificate,
        requestBinding: 'POST',
        decryptionPrivateKey: encryption.key,
        decryptionCertificate: encryption.certificate,
      },
    });
    const metadata = await (await app.request(`${PUBLIC_URL}/bim/iam/sealed/saml/metadata`)).text();
    expect(metadata).toContain('use="encryption"');
    const sealedIdp = new SamlTestIdp({ signing: idp.signing, encryptAssertions: true });
    sealedIdp.useSpMetadata(metadata);
    const start = await app.request(`${PUBLIC_URL}/bim/iam/sealed/user/authenticate?returnTo=/inbox`);
    expect(start.status).toBe(200);
    const page = await start.text();
    expect(page).toContain(`<form method="post" action="${idp.ssoUrl}">`);
    const samlRequest = /name="SAMLRequest" value="([^"]+)"/.exec(page)![1]!;
    const request = await sealedIdp.readPostedLoginRequest(samlRequest);
    expect(request.acsUrl).toBe(`${PUBLIC_URL}/bim/iam/sealed/user/authenticate/callback`);
    const encrypted = await sealedIdp.loginResponse({ inResponseTo: request.id, nameId: 'enc@corp.com' });
    expect(String(samlify.Utility.base64Decode(encrypted))).toContain('EncryptedAssertion');
    expect(String(samlify.Utility.base64Decode(encrypted))).not.toContain('enc@corp.com');
    const response = await post(encrypted, 'sealed');
    expect(refusals).toEqual([]);
    expect(response.headers.get('location')).toBe('/inbox');
    expect(await roster.authenticateSession(sessionCookie(response)!)).toMatchObject({ iamId: 'sealed', userName: 'enc@corp.com' });
  });

  it('single logout started by Roster: ends the session, sends a signed LogoutRequest, handles the LogoutResponse', async () => {
    const request = await startLogin();
    const login = await post(await idp.loginResponse({ inResponseTo: request.id, attributes, sessionIndex: '_idx-42' }));
    const token = sessionCookie(login)!;
    // A cross-site POST neither ends the session nor starts single logout.
    const forged = await app.request(`${PUBLIC_URL}/bim/logout`, {
      method: 'POST',
      headers: { cookie: `roster_session=${token}`, origin: 'https://evil.example.com' },
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
    expect(await roster.authenticateSession(token)).toMatchObject({ userName: 'ada@corp.com' });
    const logout = await app.request(`${PUBLIC_URL}/bim/logout`, {
      method: 'POST',
      headers: { cookie: `roster_session=${token}`, 'x-roster-csrf': '1' },
    });
    expect(logout.status).toBe(303);
    expect(await roster.authenticateSession(token)).toBeNull();
    const location = logout.headers.get('location')!;
    expect(location.startsWith(idp.sloUrl)).toBe(true);
    const answered = await idp.answerLogoutRequest(location);
    expect(answered).toMatchObject({ nameId: 'ada@corp.com', sessionIndex: '_idx-42' });
    const back = await app.request(answered.responseUrl.replace(/^https?:\/\/[^/]+/, PUBLIC_URL));
    expect(refusals).toEqual([]);
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    // The same LogoutResponse again answers nothing Roster is waiting for.
    expect((await app.request(answered.responseUrl.replace(/^https?:\/\/[^/]+/, PUBLIC_URL))).status).toBe(401);
  });

  it("single logout started by the IdP: validates the LogoutRequest, ends that user's sessions, answers signed", async () => {
    const first = await startLogin();
    const a = sessionCookie(await post(await idp.loginResponse({ inResponseTo: first.id, attributes, sessionIndex: '_s1' })))!;
    const second = await startLogin();
    const b = sessionCookie(
      await post(await idp.loginResponse({ inResponseTo: second.id, attributes, nameId: 'eve@corp.com', sessionIndex: '_s2' })),
    )!;
    const url = idp.logoutRequestUrl('ada@corp.com', '_s1');
    const response = await app.request(url.replace(idp.sloUrl, `${PUBLIC_URL}/bim/iam/okta/saml/slo`));
    expect(refusals).toEqual([]);
    expect(response.status).toBe(302);
    expect(await roster.authenticateSession(a)).toBeNull();
    expect(await roster.authenticateSession(b)).not.toBeNull();
    const location = response.headers.get('location')!;
    expect(location.startsWith(idp.sloUrl)).toBe(true);
    expect(await idp.readLogoutResponse(location)).toBeTruthy();
    // A forged (unsigned) LogoutRequest ends nothing.
    const forged = new URL(idp.logoutRequestUrl('eve@corp.com', '_s2').replace(idp.sloUrl, `${PUBLIC_URL}/bim/iam/okta/saml/slo`));
    forged.searchParams.delete('Signature');
    expect((await app.request(forged.href)).status).toBe(401);
    expect(await roster.authenticateSession(b)).not.toBeNull();
  });
});

describe('the SAML XML schema validator', () => {
  it('validates quietly and leaves no process-wide listener behind', async () => {
    const { validateSamlXml } = await import('../saml/xml-schema-validator.ts');
    const listeners = process.listenerCount('uncaughtException');
    const valid =
      '<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0" IssueInstant="2020-01-01T00:00:00Z"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>';
    for (let i = 0; i < 20; i++) await expect(validateSamlXml(valid)).resolves.toBe('SUCCESS_VALIDATE_XML');
    await expect(validateSamlXml('<a/>')).rejects.toThrow(/ERR_EXCEPTION_VALIDATE_XML: .*Element 'a'/);
    expect(process.listenerCount('uncaughtException')).toBe(listeners);
  });
});
