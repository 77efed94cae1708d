import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createSsoApp, type SsoAppOptions } from '../http/create-sso-app.ts';
import { makeKeyAndCertificate, SamlTestIdp, type SamlTestSigning } from '../testing/saml-test-idp.ts';
import { samlify } from './saml-entities.ts';

// XML signature wrapping (XSW): a validly signed Response from the real samlify IdP, rearranged
// the way an attacker would (SAMLRaider's XSW permutations), must never log anyone in.

const PUBLIC_URL = 'http://roster.test';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
let attempt = 0;

const form = (SAMLResponse: string) => ({
  method: 'POST',
  body: new URLSearchParams({ SAMLResponse }),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const sessionCookie = (response: Response) => /roster_session=([^;]+)/.exec(response.headers.getSetCookie().join('\n'))?.[1] ?? null;

/** A decoded Response, its parts found by namespace, and a way to send it on after tampering. */
function openResponse(encoded: string, victim = 'victim@corp.com') {
  const doc = new DOMParser().parseFromString(String(samlify.Utility.base64Decode(encoded)), 'text/xml');
  const response = doc.documentElement;
  const child = (parent: Element, namespace: string, name: string) =>
    Array.from(parent.childNodes).find(
      (node): node is Element =>
        node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name,
    );
  const assertion = child(response, ASSERTION, 'Assertion') ?? child(response, ASSERTION, 'EncryptedAssertion')!;
  return {
    doc,
    victim,
    response,
    assertion,
    child,
    /** The Signature enveloped in `parent`. */
    signatureOf: (parent: Element) => child(parent, DSIG, 'Signature')!,
    /** The signed assertion made over: no signature, another ID, the victim as subject, in Admins. */
    forgeAssertion(): Element {
      const forged = assertion.cloneNode(true) as Element;
      const signature = child(forged, DSIG, 'Signature');
      if (signature) forged.removeChild(signature);
      forged.setAttribute('ID', `_forged-${crypto.randomUUID()}`);
      forged.getElementsByTagNameNS(ASSERTION, 'NameID')[0]!.textContent = victim;
      const statement = doc.createElementNS(ASSERTION, 'saml:AttributeStatement');
      const attribute = statement.appendChild(doc.createElementNS(ASSERTION, 'saml:Attribute'));
      attribute.setAttribute('Name', 'groups');
      attribute.appendChild(doc.createElementNS(ASSERTION, 'saml:AttributeValue')).appendChild(doc.createTextNode('Admins'));
      forged.appendChild(statement);
      return forged;
    },
    /** A ds:Object appended to `signature`, holding `content` (where XSW hides the signed original). */
    hideInObject(signature: Element, content: Element): void {
      signature.appendChild(doc.createElementNS(DSIG, 'ds:Object')).appendChild(content);
    },
    encode: () => Buffer.from(new XMLSerializer().serializeToString(doc)).toString('base64'),
  };
}
type OpenResponse = ReturnType<typeof openResponse>;

describe('SAML login refuses XML signature wrapping', () => {
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let app: ReturnType<typeof createSsoApp>;
  const idps = {} as Record<SamlTestSigning | 'encrypted', SamlTestIdp>;
  const refusals: { reason: string; code: string | undefined }[] = [];
  const onRefusal: SsoAppOptions['onRefusal'] = (_iam, reason, code) => refusals.push({ reason, code });

  beforeAll(async () => {
    const signing = makeKeyAndCertificate('idp.test');
    const encryption = makeKeyAndCertificate('roster-encryption.test');
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    const idp = new SamlTestIdp({ signing });
    const settings = { syncGroups: true, groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN' as const] }] };
    await roster.createIam({
      displayName: 'Okta',
      type: 'SAML',
      saml: { entryPoint: idp.ssoUrl, idpIssuer: idp.entityId, idpCertificate: signing.certificate, groupAttribute: 'groups' },
      settings,
    });
    await roster.createIam({
      displayName: 'Sealed',
      type: 'SAML',
      saml: {
        entryPoint: idp.ssoUrl,
        idpIssuer: idp.entityId,
        idpCertificate: signing.certificate,
        groupAttribute: 'groups',
        decryptionPrivateKey: encryption.key,
        decryptionCertificate: encryption.certificate,
      },
      settings,
    });
    app = createSsoApp({ roster, publicUrl: PUBLIC_URL, onRefusal });
    const metadata = async (iamId: string) => (await app.request(`${PUBLIC_URL}/bim/iam/${iamId}/saml/metadata`)).text();
    idps.assertion = idp;
    idps.assertion.useSpMetadata(await metadata('okta'));
    idps.response = new SamlTestIdp({ signing, sign: 'response' });
    idps.response.useSpMetadata(await metadata('okta'));
    idps.encrypted = new SamlTestIdp({ signing, encryptAssertions: true });
    idps.encrypted.useSpMetadata(await metadata('sealed'));
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(() => {
    refusals.length = 0;
  });

  /**
   * An SP-initiated login answered by the IdP for a signed user of its own (mallory-<n>), tampered
   * with (a forged assertion names victim-<n>), posted to the assertion consumer.
   */
  async function login(mode: SamlTestSigning | 'encrypted', tamper: (response: OpenResponse) => unknown, signedUser?: string) {
    attempt += 1;
    const users = [signedUser ?? `mallory-${attempt}@corp.com`, `victim-${attempt}@corp.com`] as const;
    const iamId = mode === 'encrypted' ? 'sealed' : 'okta';
    const start = await app.request(`${PUBLIC_URL}/bim/iam/${iamId}/user/authenticate?returnTo=/home`);
    const request = await idps[mode].readLoginRequest(start.headers.get('location')!);
    const opened = openResponse(await idps[mode].loginResponse({ inResponseTo: request.id, nameId: users[0] }), users[1]);
    await tamper(opened);
    return {
      iamId,
      users,
      response: await app.request(`${PUBLIC_URL}/bim/iam/${iamId}/user/authenticate/callback`, form(opened.encode())),
    };
  }

  async function expectRefused({ iamId, users, response }: Awaited<ReturnType<typeof login>>, code: string) {
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('Login failed');
    expect(sessionCookie(response)).toBeNull();
    for (const userName of users) expect(await roster.read((r) => r.users.findByUserName(iamId, userName))).toBeNull();
    expect(refusals.map((refusal) => refusal.code)).toEqual([code]);
    // The log says why in words, without the XML, the signature or who the assertions name.
    expect(refusals[0]!.reason).not.toMatch(/<|SignatureValue|mallory|victim/);
  }

  describe.each(['assertion', 'response'] as const)('when the IdP signs the %s', (mode) => {
    it('logs the signed user in from a response re-serialized through the DOM, as the attacks below are', async () => {
      const userName = `ada-${mode}@corp.com`;
      const { response } = await login(mode, () => {}, userName);
      expect(refusals).toEqual([]);
      expect(response.status).toBe(302);
      expect(await roster.authenticateSession(sessionCookie(response)!)).toMatchObject({ iamId: 'okta', userName, permissions: [] });
    });

    it.each([
      ['before the signed one', (r: OpenResponse) => r.response.insertBefore(r.forgeAssertion(), r.assertion)],
      ['after the signed one', (r: OpenResponse) => r.response.insertBefore(r.forgeAssertion(), r.assertion.nextSibling)],
      [
        'inside samlp:Extensions',
        (r: OpenResponse) => {
          const extensions = r.doc.createElementNS(PROTOCOL, 'samlp:Extensions');
          extensions.appendChild(r.forgeAssertion());
          r.response.insertBefore(extensions, r.child(r.response, PROTOCOL, 'Status')!);
        },
      ],
    ])('refuses a forged unsigned assertion %s', async (_where, tamper) => {
      await expectRefused(await login(mode, tamper), 'SAML_MULTIPLE_ASSERTIONS');
    });

    it('refuses the signed assertion replaced by a forged one', async () => {
      await expectRefused(await login(mode, (r) => r.response.replaceChild(r.forgeAssertion(), r.assertion)), 'SAML_SIGNATURE_INVALID');
    });

    it('refuses a forged assertion carrying the signature of a signed Response that holds no assertion', async () => {
      const errorResponse = openResponse(await idps[mode].errorResponse());
      const signature = errorResponse.signatureOf(errorResponse.response);
      errorResponse.response.removeChild(signature);
      await expectRefused(
        await login(mode, (r) => {
          const forged = r.forgeAssertion();
          r.response.replaceChild(forged, r.assertion);
          // The IdP-signed error Response hides in the signature, which moves to where samlify looks for one.
          const own = r.child(r.response, DSIG, 'Signature');
          if (own) r.response.removeChild(own);
          const moved = r.doc.importNode<Element>(signature, true);
          r.hideInObject(moved, r.doc.importNode(errorResponse.response, true));
          const holder = mode === 'response' ? r.response : forged;
          holder.insertBefore(moved, r.child(holder, ASSERTION, 'Issuer')!.nextSibling);
        }),
        'SAML_ASSERTION_NOT_SIGNED',
      );
    });

    it('refuses the signed element wrapped away with a forged assertion in its place (classic XSW)', async () => {
      await expectRefused(
        await login(mode, (r) => {
          const forged = r.forgeAssertion();
          const signed = mode === 'response' ? r.response : r.assertion;
          const signature = r.signatureOf(signed);
          signed.removeChild(signature);
          if (mode === 'assertion') {
            // XSW8: the forged assertion takes the original's signature, the original hides in its ds:Object.
            r.response.replaceChild(forged, r.assertion);
            forged.insertBefore(signature, r.child(forged, ASSERTION, 'Issuer')!.nextSibling);
            r.hideInObject(signature, r.assertion);
          } else {
            // XSW1: a new Response around the forged assertion, the signed original in the signature's ds:Object.
            const outer = r.response.cloneNode(false) as Element;
            outer.setAttribute('ID', `_outer-${crypto.randomUUID()}`);
            for (const name of ['Issuer', 'Status'] as const)
              outer.appendChild(r.child(r.response, name === 'Issuer' ? ASSERTION : PROTOCOL, name)!.cloneNode(true));
            outer.insertBefore(signature, outer.lastChild);
            outer.appendChild(forged);
            r.doc.replaceChild(outer, r.response);
            r.hideInObject(signature, r.response);
          }
        }),
        'SAML_MULTIPLE_ASSERTIONS',
      );
    });
  });

  describe('when the assertion is encrypted', () => {
    it('logs the signed user in, and refuses a forged plaintext assertion beside the encrypted one', async () => {
      const accepted = await login('encrypted', () => {}, 'ada-encrypted@corp.com');
      expect(refusals).toEqual([]);
      expect(await roster.authenticateSession(sessionCookie(accepted.response)!)).toMatchObject({
        iamId: 'sealed',
        userName: 'ada-encrypted@corp.com',
      });
      await expectRefused(
        await login('encrypted', async (r) => {
          const plain = openResponse(await idps.assertion.loginResponse({ nameId: 'someone@corp.com' }), r.victim);
          r.response.insertBefore(r.doc.importNode(plain.forgeAssertion(), true), r.assertion);
        }),
        'SAML_MULTIPLE_ASSERTIONS',
      );
    });
  });
});
