import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createSsoApp, type SsoAppOptions } from '../http/create-sso-app.ts';
import { makeKeyAndCertificate, SamlTestIdp } from '../testing/saml-test-idp.ts';
import { samlify } from './saml-entities.ts';

// Signature wrapping in single logout (samlify issue #634): whoever holds something the IdP signed
// (their own LogoutRequest, a login assertion, a LogoutResponse) must not be able to wrap it into a
// LogoutRequest that ends another user's sessions: over HTTP-POST by rearranging the XML, over the
// redirect binding by putting a forged message beside the signed one in the query string.

const PUBLIC_URL = 'http://roster.test';
const SLO = `${PUBLIC_URL}/bim/iam/okta/saml/slo`;
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
let attempt = 0;

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
});
const sessionCookie = (response: Response) => /roster_session=([^;]+)/.exec(response.headers.getSetCookie().join('\n'))?.[1] ?? null;
const child = (parent: Element, namespace: string, name: string) =>
  Array.from(parent.childNodes).find(
    (node): node is Element => node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name,
  );

/** A decoded POST-binding message (base64 XML) to take apart, and a way to send it on after tampering. */
function openMessage(encoded: string) {
  const doc = new DOMParser().parseFromString(String(samlify.Utility.base64Decode(encoded)), 'text/xml');
  const root = doc.documentElement;
  return {
    doc,
    root,
    /** The signature enveloped in `parent`, taken out of it. */
    takeSignature(parent: Element = root): Element {
      const signature = child(parent, DSIG, 'Signature')!;
      parent.removeChild(signature);
      return signature;
    },
    encode: () => Buffer.from(new XMLSerializer().serializeToString(doc)).toString('base64'),
  };
}

/**
 * `signed` (a LogoutRequest) made over for the victim: unsigned, another ID, the victim's NameID
 * and SessionIndex, in the document `doc`.
 */
function forgeLogoutRequest(doc: Document, signed: Element, victim: { nameId: string; sessionIndex: string }): Element {
  const forged = doc.importNode<Element>(signed, true);
  const signature = child(forged, DSIG, 'Signature');
  if (signature) forged.removeChild(signature);
  forged.setAttribute('ID', `_forged-${crypto.randomUUID()}`);
  child(forged, ASSERTION, 'NameID')!.textContent = victim.nameId;
  child(forged, PROTOCOL, 'SessionIndex')!.textContent = victim.sessionIndex;
  return forged;
}

/** Puts `signature` into `message` where a signature belongs (after the Issuer), hiding `content` in its ds:Object. */
function signWith(message: Element, signature: Element, content: Element | null): void {
  if (content)
    signature
      .appendChild(message.ownerDocument.createElementNS(DSIG, 'ds:Object'))
      .appendChild(message.ownerDocument.importNode(content, true));
  message.insertBefore(message.ownerDocument.importNode(signature, true), child(message, ASSERTION, 'Issuer')!.nextSibling);
}

describe('SAML single logout refuses a message other than the one the IdP signed', () => {
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let app: ReturnType<typeof createSsoApp>;
  let idp: SamlTestIdp;
  const refusals: { reason: string; code: string | undefined }[] = [];
  const onRefusal: SsoAppOptions['onRefusal'] = (_iam, reason, code) => refusals.push({ reason, code });

  beforeAll(async () => {
    const spSigning = makeKeyAndCertificate('roster.test');
    idp = new SamlTestIdp();
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
        singleLogout: { enabled: true, url: idp.sloUrl },
      },
    });
    app = createSsoApp({ roster, publicUrl: PUBLIC_URL, onRefusal });
    idp.useSpMetadata(await (await app.request(`${PUBLIC_URL}/bim/iam/okta/saml/metadata`)).text());
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    refusals.length = 0;
  });

  /** A user logged in through the IdP (SP-initiated); returns their session token. */
  async function login(nameId: string, sessionIndex: string): Promise<string> {
    const start = await app.request(`${PUBLIC_URL}/bim/iam/okta/user/authenticate?returnTo=/home`);
    const request = await idp.readLoginRequest(start.headers.get('location')!);
    const response = await app.request(
      `${PUBLIC_URL}/bim/iam/okta/user/authenticate/callback`,
      form({ SAMLResponse: await idp.loginResponse({ inResponseTo: request.id, nameId, sessionIndex }) }),
    );
    expect(response.status).toBe(302);
    return sessionCookie(response)!;
  }

  /** Mallory (whose IdP-signed messages the attacks reuse) and the victim, both logged in. */
  async function twoUsers() {
    attempt += 1;
    const mallory = { nameId: `mallory-${attempt}@corp.com`, sessionIndex: `_mallory-${attempt}` };
    const victim = { nameId: `victim-${attempt}@corp.com`, sessionIndex: `_victim-${attempt}` };
    return {
      mallory,
      victim,
      malloryToken: await login(mallory.nameId, mallory.sessionIndex),
      victimToken: await login(victim.nameId, victim.sessionIndex),
    };
  }

  async function expectRefusedChangingNothing(response: Response, tokens: readonly string[], code: string) {
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    for (const token of tokens) expect(await roster.authenticateSession(token)).not.toBeNull();
    expect(refusals.map((refusal) => refusal.code)).toEqual([code]);
    // The log says why in words, without the XML, the signature or who the messages name.
    expect(refusals[0]!.reason).not.toMatch(/<|SignatureValue|mallory|victim/);
  }

  describe('an IdP-initiated LogoutRequest over HTTP-POST', () => {
    it('ends the sessions of the user it names, re-serialized through the DOM as the attacks below are, and answers signed', async () => {
      const { mallory, malloryToken, victimToken } = await twoUsers();
      const message = openMessage(idp.postedLogoutRequest(mallory.nameId, mallory.sessionIndex));
      const response = await app.request(SLO, form({ SAMLRequest: message.encode() }));
      expect(refusals).toEqual([]);
      expect(response.status).toBe(302);
      expect(await roster.authenticateSession(malloryToken)).toBeNull();
      expect(await roster.authenticateSession(victimToken)).not.toBeNull();
      expect(response.headers.get('location')!.startsWith(idp.sloUrl)).toBe(true);
      expect(await idp.readLogoutResponse(response.headers.get('location')!)).toBeTruthy();
    });

    it('is refused when a forged one for the victim wraps the signed one, hidden in the signature (XSW)', async () => {
      const { mallory, victim, malloryToken, victimToken } = await twoUsers();
      const message = openMessage(idp.postedLogoutRequest(mallory.nameId, mallory.sessionIndex));
      const signature = message.takeSignature();
      const forged = forgeLogoutRequest(message.doc, message.root, victim);
      message.doc.replaceChild(forged, message.root);
      signWith(forged, signature, message.root);
      const response = await app.request(SLO, form({ SAMLRequest: message.encode() }));
      await expectRefusedChangingNothing(response, [malloryToken, victimToken], 'SAML_MESSAGE_NOT_SIGNED');
    });

    it("is refused when the signed one sits beside the forged one's NameID, in its Extensions", async () => {
      const { mallory, victim, malloryToken, victimToken } = await twoUsers();
      const message = openMessage(idp.postedLogoutRequest(mallory.nameId, mallory.sessionIndex));
      const signature = message.takeSignature();
      const forged = forgeLogoutRequest(message.doc, message.root, victim);
      message.doc.replaceChild(forged, message.root);
      signWith(forged, signature, null);
      const extensions = message.doc.createElementNS(PROTOCOL, 'samlp:Extensions');
      extensions.appendChild(message.doc.createElementNS('urn:example:wrapper', 'w:Wrapper')).appendChild(message.root);
      forged.insertBefore(extensions, child(forged, ASSERTION, 'NameID')!);
      const response = await app.request(SLO, form({ SAMLRequest: message.encode() }));
      await expectRefusedChangingNothing(response, [malloryToken, victimToken], 'SAML_MESSAGE_NOT_SIGNED');
    });

    it('is refused when it carries the signature of another IdP-signed element: a login assertion', async () => {
      const { mallory, victim, malloryToken, victimToken } = await twoUsers();
      const loginResponse = openMessage(await idp.loginResponse({ nameId: mallory.nameId, sessionIndex: mallory.sessionIndex }));
      const assertion = child(loginResponse.root, ASSERTION, 'Assertion')!;
      const signature = loginResponse.takeSignature(assertion);
      // The attacker writes the LogoutRequest (here: an IdP one with its signature taken off).
      const message = openMessage(idp.postedLogoutRequest(victim.nameId, victim.sessionIndex));
      message.takeSignature();
      signWith(message.root, signature, assertion);
      const response = await app.request(SLO, form({ SAMLRequest: message.encode() }));
      await expectRefusedChangingNothing(response, [malloryToken, victimToken], 'SAML_MESSAGE_NOT_SIGNED');
    });

    it('is refused when it carries the signature of another IdP-signed element: a LogoutResponse', async () => {
      const { victim, malloryToken, victimToken } = await twoUsers();
      // Mallory logs out at Roster (ending her session) and keeps the IdP's signed answer.
      const logout = await app.request(`${PUBLIC_URL}/bim/logout`, {
        method: 'POST',
        headers: { cookie: `roster_session=${malloryToken}`, 'x-roster-csrf': '1' },
      });
      const answer = openMessage(await idp.answerLogoutRequestByPost(logout.headers.get('location')!));
      const signature = answer.takeSignature();
      const message = openMessage(idp.postedLogoutRequest(victim.nameId, victim.sessionIndex));
      message.takeSignature();
      signWith(message.root, signature, answer.root);
      refusals.length = 0;
      const response = await app.request(SLO, form({ SAMLRequest: message.encode() }));
      await expectRefusedChangingNothing(response, [victimToken], 'SAML_MESSAGE_NOT_SIGNED');
    });
  });

  describe('an IdP-initiated LogoutRequest over the redirect binding', () => {
    // The signature covers the query string, not an element, so the XML is not the way in; but the
    // message Roster reads must be the one in the signed part of the query string.
    const query = (url: string) => new URL(url).search.slice(1);
    /** The SAMLRequest query value of a LogoutRequest for `nameId` (a value carries no signature: anyone can make one). */
    const encodedRequest = (nameId: string, sessionIndex: string) =>
      query(idp.logoutRequestUrl(nameId, sessionIndex))
        .split('&')
        .find((part) => part.startsWith('SAMLRequest='))!
        .slice('SAMLRequest='.length);

    it('ends the sessions of the user it names', async () => {
      const { mallory, malloryToken, victimToken } = await twoUsers();
      const response = await app.request(`${SLO}?${query(idp.logoutRequestUrl(mallory.nameId, mallory.sessionIndex))}`);
      expect(refusals).toEqual([]);
      expect(response.status).toBe(302);
      expect(await roster.authenticateSession(malloryToken)).toBeNull();
      expect(await roster.authenticateSession(victimToken)).not.toBeNull();
    });

    it.each([
      ['SAMLRequest', 'SAMLRequest'],
      ['SAMLRequest with its name percent-encoded', 'SAML%52equest'],
    ])('is refused when a forged %s for the victim comes before the signed one', async (_name, parameter) => {
      const { mallory, victim, malloryToken, victimToken } = await twoUsers();
      const signed = query(idp.logoutRequestUrl(mallory.nameId, mallory.sessionIndex));
      const response = await app.request(`${SLO}?${parameter}=${encodedRequest(victim.nameId, victim.sessionIndex)}&${signed}`);
      await expectRefusedChangingNothing(response, [malloryToken, victimToken], 'SAML_MESSAGE_NOT_SIGNED');
    });
  });

  describe("the IdP's LogoutResponse to Roster's LogoutRequest, over HTTP-POST", () => {
    /** A user logs out at Roster; returns the LogoutRequest URL Roster sent the browser to. */
    async function logOut(): Promise<string> {
      attempt += 1;
      const token = await login(`leaving-${attempt}@corp.com`, `_leaving-${attempt}`);
      const logout = await app.request(`${PUBLIC_URL}/bim/logout`, {
        method: 'POST',
        headers: { cookie: `roster_session=${token}`, 'x-roster-csrf': '1' },
      });
      expect(logout.status).toBe(303);
      return logout.headers.get('location')!;
    }

    it('is taken over HTTP-POST, re-serialized through the DOM', async () => {
      const answer = openMessage(await idp.answerLogoutRequestByPost(await logOut()));
      const response = await app.request(SLO, form({ SAMLResponse: answer.encode() }));
      expect(refusals).toEqual([]);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    });

    it('is refused when forged with the signature of a login assertion, and the genuine answer still counts', async () => {
      const location = await logOut();
      const genuine = await idp.answerLogoutRequestByPost(location);
      const loginResponse = openMessage(await idp.loginResponse({ nameId: 'someone@corp.com' }));
      const assertion = child(loginResponse.root, ASSERTION, 'Assertion')!;
      const signature = loginResponse.takeSignature(assertion);
      const forged = openMessage(genuine);
      forged.takeSignature();
      signWith(forged.root, signature, assertion);
      const response = await app.request(SLO, form({ SAMLResponse: forged.encode() }));
      await expectRefusedChangingNothing(response, [], 'SAML_MESSAGE_NOT_SIGNED');
      // The refused message did not use up the LogoutRequest it claimed to answer.
      refusals.length = 0;
      const answered = await app.request(SLO, form({ SAMLResponse: genuine }));
      expect(refusals).toEqual([]);
      expect(answered.status).toBe(302);
    });
  });
});
