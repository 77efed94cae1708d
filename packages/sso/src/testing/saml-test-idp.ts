import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { samlify } from '../saml/saml-entities.ts';

/** A key and a self-signed certificate, made with openssl for this test run. */
export function makeKeyAndCertificate(commonName: string): { key: string; certificate: string } {
  const dir = mkdtempSync(join(tmpdir(), 'roster-saml-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), certificate: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a test may change in an assertion (everything else is what a correct IdP sends). */
export interface AssertionOverrides {
  readonly nameId?: string;
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  readonly inResponseTo?: string;
  readonly audience?: string;
  readonly recipient?: string;
  readonly destination?: string;
  readonly issuer?: string;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly sessionIndex?: string;
}

/** What the IdP signs in a login response: the assertion (samlify's default), or the whole Response only. */
export type SamlTestSigning = 'assertion' | 'response';

/** SP metadata as an IdP admin sets "sign the response, not the assertion": WantAssertionsSigned off. */
function withoutWantAssertionsSigned(metadata: string): string {
  const doc = new DOMParser().parseFromString(metadata, 'text/xml');
  for (const descriptor of Array.from(doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:metadata', 'SPSSODescriptor')))
    descriptor.setAttribute('WantAssertionsSigned', 'false');
  return new XMLSerializer().serializeToString(doc);
}

const escapeXml = (value: string) => value.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

/**
 * samlify acting as the identity provider, with its own key and self-signed certificate: answers
 * Roster's AuthnRequests, sends IdP-initiated responses and single-logout messages.
 */
export class SamlTestIdp {
  readonly entityId = 'https://idp.test/metadata';
  readonly ssoUrl = 'https://idp.test/sso';
  readonly sloUrl = 'https://idp.test/slo';
  readonly signing: { readonly key: string; readonly certificate: string };
  readonly idp: ReturnType<typeof samlify.IdentityProvider>;
  private sp: ReturnType<typeof samlify.ServiceProvider> | null = null;
  /** The SP as samlify sees it when only the Response is signed (for error responses). */
  private responseSignedSp: ReturnType<typeof samlify.ServiceProvider> | null = null;

  constructor(
    private readonly options: {
      readonly encryptAssertions?: boolean;
      readonly signing?: { key: string; certificate: string };
      readonly sign?: SamlTestSigning;
    } = {},
  ) {
    this.signing = options.signing ?? makeKeyAndCertificate('idp.test');
    this.idp = samlify.IdentityProvider({
      entityID: this.entityId,
      privateKey: this.signing.key,
      signingCert: this.signing.certificate,
      singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: this.ssoUrl }],
      singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: this.sloUrl }],
      isAssertionEncrypted: options.encryptAssertions ?? false,
      wantLogoutRequestSigned: true,
    });
  }

  /** Trusts Roster's SP metadata (as an IdP admin uploading it would). */
  useSpMetadata(metadata: string): void {
    const settings = { wantLogoutRequestSigned: true, wantLogoutResponseSigned: true };
    this.responseSignedSp = samlify.ServiceProvider({ ...settings, metadata: withoutWantAssertionsSigned(metadata) });
    this.sp = this.options.sign === 'response' ? this.responseSignedSp : samlify.ServiceProvider({ ...settings, metadata });
  }

  /** The same IdP (same keys) talking to another service provider. */
  forServiceProvider(metadata: string): SamlTestIdp {
    const other = new SamlTestIdp({ ...this.options, signing: this.signing });
    other.useSpMetadata(metadata);
    return other;
  }

  private get serviceProvider() {
    if (!this.sp) throw new Error('useSpMetadata first');
    return this.sp;
  }

  /** Reads an AuthnRequest that came by redirect (the URL the SP sent the browser to). */
  async readLoginRequest(url: string): Promise<{ id: string; acsUrl: string; xml: string }> {
    const query = Object.fromEntries(new URL(url).searchParams);
    const parsed = await this.idp.parseLoginRequest(this.serviceProvider, 'redirect', { query });
    const request = parsed.extract.request as Record<string, string>;
    return { id: request['id']!, acsUrl: request['assertionConsumerServiceUrl']!, xml: parsed.samlContent };
  }

  /** Reads an AuthnRequest that came by HTTP-POST (the SAMLRequest form field). */
  async readPostedLoginRequest(samlRequest: string): Promise<{ id: string; acsUrl: string; xml: string }> {
    const parsed = await this.idp.parseLoginRequest(this.serviceProvider, 'post', { body: { SAMLRequest: samlRequest } });
    const request = parsed.extract.request as Record<string, string>;
    return { id: request['id']!, acsUrl: request['assertionConsumerServiceUrl']!, xml: parsed.samlContent };
  }

  /** A signed SAMLResponse (base64) for the SP's assertion consumer. */
  async loginResponse(overrides: AssertionOverrides = {}): Promise<string> {
    return this.signedResponse(this.serviceProvider, overrides, (template) => template);
  }

  /**
   * A signed Response without an assertion (base64), as an IdP answers a login it could not
   * complete: status Responder, the whole Response signed, whatever the signing mode.
   */
  async errorResponse(overrides: AssertionOverrides = {}): Promise<string> {
    if (!this.responseSignedSp) throw new Error('useSpMetadata first');
    const status = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
    return this.signedResponse(this.responseSignedSp, overrides, (template) => {
      const doc = new DOMParser().parseFromString(template, 'text/xml');
      const assertion = doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Assertion')[0]!;
      doc.documentElement.removeChild(assertion);
      doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:protocol', 'StatusCode')[0]!.setAttribute('Value', status);
      return new XMLSerializer().serializeToString(doc);
    });
  }

  private async signedResponse(
    sp: ReturnType<typeof samlify.ServiceProvider>,
    overrides: AssertionOverrides,
    shape: (template: string) => string,
  ): Promise<string> {
    const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
    const now = new Date();
    const notBefore = overrides.notBefore ?? new Date(now.getTime() - 1000);
    const notOnOrAfter = overrides.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const attributes = Object.entries(overrides.attributes ?? {})
      .map(
        ([name, value]) =>
          `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${([] as string[])
            .concat(value as string[])
            .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    const values: Record<string, string> = {
      ID: `_r${crypto.randomUUID()}`,
      AssertionID: `_a${crypto.randomUUID()}`,
      Destination: overrides.destination ?? acs,
      Audience: overrides.audience ?? sp.entityMeta.getEntityID(),
      SubjectRecipient: overrides.recipient ?? acs,
      Issuer: overrides.issuer ?? this.entityId,
      IssueInstant: now.toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: notBefore.toISOString(),
      ConditionsNotOnOrAfter: notOnOrAfter.toISOString(),
      SubjectConfirmationDataNotOnOrAfter: notOnOrAfter.toISOString(),
      NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      NameID: escapeXml(overrides.nameId ?? 'ada@corp.com'),
      InResponseTo: overrides.inResponseTo ?? '',
      AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${overrides.sessionIndex ?? '_session-1'}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
      AttributeStatement: attributes === '' ? '' : `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`,
    };
    const { context } = await this.idp.createLoginResponse(
      sp,
      { extract: {} },
      'post',
      {},
      {
        customTagReplacement: (template: string) => {
          let xml = template;
          for (const [tag, value] of Object.entries(values)) xml = xml.split(`{${tag}}`).join(value);
          // An IdP-initiated response answers no request: no InResponseTo at all.
          if (!overrides.inResponseTo) xml = xml.split(' InResponseTo=""').join('');
          return { id: values['ID']!, context: shape(xml) };
        },
      },
    );
    return context;
  }

  /** A LogoutRequest from the IdP (redirect binding, signed): the URL the browser is sent to. */
  logoutRequestUrl(nameId: string, sessionIndex?: string): string {
    return this.idp.createLogoutRequest(this.serviceProvider, 'redirect', { logoutNameID: nameId, sessionIndex: sessionIndex ?? '' })
      .context;
  }

  /** A LogoutRequest from the IdP for the HTTP-POST binding: the SAMLRequest form field (base64, signed XML). */
  postedLogoutRequest(nameId: string, sessionIndex?: string): string {
    return this.idp.createLogoutRequest(this.serviceProvider, 'post', { logoutNameID: nameId, sessionIndex: sessionIndex ?? '' }).context;
  }

  /** Reads the SP's LogoutRequest (redirect URL) and answers it with a signed LogoutResponse URL. */
  async answerLogoutRequest(url: string): Promise<{ nameId: string; sessionIndex: unknown; responseUrl: string }> {
    const request = await this.readSpLogoutRequest(url);
    const responseUrl = this.idp.createLogoutResponse(this.serviceProvider, request as never, 'redirect', '').context;
    return { nameId: String(request.extract['nameID']), sessionIndex: request.extract['sessionIndex'], responseUrl };
  }

  /** Reads the SP's LogoutRequest (redirect URL) and answers it over HTTP-POST: the SAMLResponse form field (base64, signed XML). */
  async answerLogoutRequestByPost(url: string): Promise<string> {
    const request = await this.readSpLogoutRequest(url);
    return this.idp.createLogoutResponse(this.serviceProvider, request as never, 'post', '').context;
  }

  private async readSpLogoutRequest(url: string) {
    const parsed = new URL(url);
    const query = Object.fromEntries(parsed.searchParams);
    return this.idp.parseLogoutRequest(this.serviceProvider, 'redirect', {
      query,
      octetString: parsed.search
        .slice(1)
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&'),
    });
  }

  /** Reads the SP's LogoutResponse (redirect URL). */
  async readLogoutResponse(url: string): Promise<{ inResponseTo: string }> {
    const parsed = new URL(url);
    const query = Object.fromEntries(parsed.searchParams);
    const response = await this.idp.parseLogoutResponse(this.serviceProvider, 'redirect', {
      query,
      octetString: parsed.search
        .slice(1)
        .split('&')
        .filter((p) => !p.startsWith('Signature='))
        .join('&'),
    });
    return { inResponseTo: String((response.extract['response'] as Record<string, unknown>)['inResponseTo']) };
  }
}
