import type { LoginIdentity, SamlConfig } from '@roster/core';
import { POST, samlify, type SamlEntities } from './saml-entities.ts';

/** A login or logout Roster refuses; `reason` goes to the log, never to the browser. */
export class SamlRefusal extends Error {
  override readonly name = 'SamlRefusal';
}

/** How the browser takes a SAML message to the IdP. */
export type SamlOutbound =
  | { readonly binding: 'REDIRECT'; readonly id: string; readonly url: string }
  | { readonly binding: 'POST'; readonly id: string; readonly url: string; readonly fields: Readonly<Record<string, string>> };

// Without "allow IdP-initiated SSO" Roster asks for a password-protected (or stronger) login;
// with it, no RequestedAuthnContext is sent (IdPs such as Entra refuse it for MFA logins then).
const AUTHN_REQUEST = (requestedAuthnContext: boolean) =>
  '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" ProtocolBinding="{ProtocolBinding}" AssertionConsumerServiceURL="{AssertionConsumerServiceURL}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:NameIDPolicy Format="{NameIDFormat}" AllowCreate="true"/>' +
  (requestedAuthnContext
    ? '<samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>'
    : '') +
  '</samlp:AuthnRequest>';

/** Builds an AuthnRequest for the IdP's entry point, in the IAM's request binding. */
export function createSamlLoginRequest(entities: SamlEntities, config: SamlConfig): SamlOutbound {
  const id = `_${crypto.randomUUID()}`;
  const fill = (destination: string) => () => ({
    id,
    context: samlify.SamlLib.replaceTagsByValue(AUTHN_REQUEST(!config.allowIdpInitiated), {
      ID: id, IssueInstant: new Date().toISOString(), Destination: destination, ProtocolBinding: POST,
      AssertionConsumerServiceURL: entities.urls.acs, Issuer: entities.urls.entityId, NameIDFormat: samlify.Constants.namespace.format.unspecified,
    }),
  });
  const entryPoint = config.entryPoint ?? '';
  if (config.requestBinding === 'POST') {
    const request = entities.sp.createLoginRequest(entities.idp, 'post', { customTagReplacement: fill(entryPoint) }) as { context: string; entityEndpoint: string };
    return { binding: 'POST', id, url: request.entityEndpoint, fields: { SAMLRequest: request.context } };
  }
  const request = entities.sp.createLoginRequest(entities.idp, 'redirect', { customTagReplacement: fill(entryPoint) });
  return { binding: 'REDIRECT', id, url: request.context };
}

/** A verified login response, before the one-time checks (InResponseTo, replay) that need storage. */
export interface VerifiedSamlLogin {
  readonly identity: LoginIdentity;
  readonly nameId: string;
  readonly sessionIndex: string | null;
  readonly assertionId: string;
  /** The request this answers; null for IdP-initiated SSO. */
  readonly inResponseTo: string | null;
  /** Until when the assertion could be presented again (replay protection keeps its ID that long). */
  readonly validUntil: Date;
}

const REASONS: Readonly<Record<string, string>> = {
  FAILED_TO_VERIFY_SIGNATURE: 'the signature does not verify with the IdP signing certificate (unsigned or tampered)',
  ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION: 'the signature does not verify with the IdP signing certificate (unsigned or tampered)',
  ERR_MISSING_SIG_ALG: 'the message is not signed',
  ERR_POTENTIAL_WRAPPING_ATTACK: 'the message looks like an XML signature wrapping attack',
  ERROR_UNMATCH_CERTIFICATE_DECLARATION_IN_METADATA: 'the message is signed with a certificate other than the configured IdP certificate',
  ERR_UNMATCH_ISSUER: 'the issuer is not the configured IdP',
  ERR_SUBJECT_UNCONFIRMED: 'the assertion is expired or not yet valid',
  ERR_EXPIRED_SESSION: 'the IdP session has expired',
  ERR_EXCEPTION_VALIDATE_XML: 'the message is not valid SAML 2.0 XML',
  ERR_INVALID_XML: 'the message is not valid SAML 2.0 XML',
  ERR_EMPTY_ASSERTION: 'the response holds no assertion',
  ERR_FAILED_STATUS: 'the IdP answered with an error status',
};

/** samlify's coded failures as sentences for the log. */
export function samlFailureReason(error: unknown): string {
  const code = error instanceof Error ? error.message : String(error);
  const known = Object.entries(REASONS).find(([key]) => code.includes(key));
  return known ? `${known[1]} (${code})` : code;
}

const ASSERTION_FIELDS = (assertion: string) => [
  { key: 'assertion', localPath: ['Assertion'], attributes: ['ID'], shortcut: assertion },
  {
    key: 'confirmation',
    localPath: ['Assertion', 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'],
    attributes: ['Recipient', 'InResponseTo', 'NotOnOrAfter', 'NotBefore'],
    shortcut: assertion,
  },
];

/**
 * The assertion whose signature verified (or, for a signed response, the one it contains), after
 * samlify accepted the response. An encrypted assertion is decrypted again to find it.
 */
async function verifiedAssertion(entities: SamlEntities, samlContent: string): Promise<string> {
  let content = samlContent;
  if (/EncryptedAssertion[\s>]/.test(content)) [content] = await samlify.SamlLib.decryptAssertion(entities.sp, content);
  const [verified, node] = samlify.SamlLib.verifySignature(content, { metadata: entities.idp.entityMeta, signatureAlgorithm: entities.idp.entitySetting.requestSignatureAlgorithm });
  if (verified && typeof node === 'string' && /^<([\w-]+:)?Assertion[\s>]/.test(node)) return node;
  // A signed Response around an encrypted assertion: samlify verified the Response and then
  // decrypted the assertion from it, so the content it hands back is what was signed.
  const inner = samlify.Extractor.extract(content, [{ key: 'assertion', localPath: ['Response', 'Assertion'], attributes: [], context: true }])['assertion'];
  if (typeof inner === 'string' && inner !== '') return inner;
  throw new SamlRefusal('no signed assertion in the response');
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * Verifies a login response posted to the assertion consumer: XML schema, signature by the IdP
 * certificate (wrapping-safe), issuer, validity window with the configured clock skew, audience,
 * destination and recipient. Returns who logged in; the caller still checks InResponseTo and replay.
 */
export async function verifySamlLoginResponse(entities: SamlEntities, config: SamlConfig, body: { SAMLResponse?: string; RelayState?: string }, now: Date): Promise<VerifiedSamlLogin> {
  if (!body.SAMLResponse) throw new SamlRefusal('no SAMLResponse in the request');
  if (!config.idpCertificate) throw new SamlRefusal('no IdP signing certificate is configured');
  let parsed: { samlContent: string; extract: Record<string, unknown> };
  try {
    parsed = await entities.sp.parseLoginResponse(entities.idp, 'post', { body: { SAMLResponse: body.SAMLResponse, RelayState: body.RelayState } });
  } catch (error) {
    throw new SamlRefusal(samlFailureReason(error));
  }
  const { extract } = parsed;
  const fields = samlify.Extractor.extract(parsed.samlContent, ASSERTION_FIELDS(await verifiedAssertion(entities, parsed.samlContent)));
  const confirmation = record(fields['confirmation']);
  const skewMs = config.clockSkewSeconds * 1000;

  const audiences = ([] as unknown[]).concat(extract['audience'] ?? []);
  if (!audiences.includes(entities.urls.entityId)) throw new SamlRefusal(`the assertion is for audience ${JSON.stringify(audiences)}, not ${entities.urls.entityId}`);
  const destination = text(record(extract['response'])['destination']);
  if (destination !== null && destination !== entities.urls.acs) throw new SamlRefusal(`the response is addressed to ${destination}, not ${entities.urls.acs}`);
  const recipient = text(confirmation['recipient']);
  if (recipient !== entities.urls.acs) throw new SamlRefusal(`the assertion's recipient is ${recipient ?? 'missing'}, not ${entities.urls.acs}`);
  const confirmUntil = text(confirmation['notOnOrAfter']);
  if (!confirmUntil || Number.isNaN(Date.parse(confirmUntil))) throw new SamlRefusal('the assertion has no subject confirmation expiry');
  if (now.getTime() >= Date.parse(confirmUntil) + skewMs) throw new SamlRefusal(`the assertion expired at ${confirmUntil}`);
  const confirmFrom = text(confirmation['notBefore']);
  if (confirmFrom && now.getTime() < Date.parse(confirmFrom) - skewMs) throw new SamlRefusal(`the assertion is not valid before ${confirmFrom}`);

  const assertionId = text(fields['assertion']);
  if (!assertionId) throw new SamlRefusal('the assertion has no ID');
  const nameId = text(extract['nameID']);
  if (!nameId) throw new SamlRefusal('the assertion names no subject (NameID)');
  const attributes: Record<string, unknown> = { ...record(extract['attributes']), nameID: nameId };
  const userId = config.userIdAttribute === 'nameID' ? nameId : text(attributes[config.userIdAttribute]);
  if (!userId) throw new SamlRefusal(`the assertion has no "${config.userIdAttribute}" attribute to identify the user`);
  const groups = config.groupAttribute === undefined ? undefined : ([] as unknown[]).concat(attributes[config.groupAttribute] ?? []).map(String);
  const conditionsUntil = text(record(extract['conditions'])['notOnOrAfter']);
  const validUntil = Math.max(Date.parse(confirmUntil), conditionsUntil ? Date.parse(conditionsUntil) : 0) + skewMs;
  return {
    identity: { userId, attributes, groups },
    nameId,
    sessionIndex: text(record(extract['sessionIndex'])['sessionIndex']),
    assertionId,
    inResponseTo: text(confirmation['inResponseTo']) ?? text(record(extract['response'])['inResponseTo']),
    validUntil: new Date(validUntil),
  };
}

/**
 * What a SAML message claims before it is verified: its issuer (to pick the IdP entity when none
 * is configured) and the request it answers (to find the configuration a test login uses). Both
 * are checked again against the verified assertion.
 */
export function peekSamlMessage(xml: string): { issuer: string | undefined; inResponseTo: string | undefined } {
  const found = samlify.Extractor.extract(xml, [
    { key: 'assertion', localPath: ['Response', 'Assertion', 'Issuer'], attributes: [] },
    { key: 'message', localPath: [['Response', 'Issuer'], ['LogoutResponse', 'Issuer'], ['LogoutRequest', 'Issuer']], attributes: [] },
    { key: 'response', localPath: ['Response'], attributes: ['InResponseTo'] },
    { key: 'confirmation', localPath: ['Response', 'Assertion', 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'], attributes: ['InResponseTo'] },
  ]);
  return {
    issuer: text(found['assertion']) ?? text(found['message']) ?? undefined,
    inResponseTo: text(found['response']) ?? text(found['confirmation']) ?? undefined,
  };
}

/** The XML of a POST-binding message (base64) or of a redirect-binding one (deflated, base64). */
export function decodeSamlMessage(encoded: string, binding: 'POST' | 'REDIRECT'): string {
  return binding === 'POST' ? String(samlify.Utility.base64Decode(encoded)) : samlify.Utility.inflateString(encoded);
}
