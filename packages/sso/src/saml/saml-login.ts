import type { LoginIdentity, SamlConfig } from '@roster/core';
import { POST, samlify, type SamlEntities } from './saml-entities.ts';
import { SamlRefusal, samlifyRefusal } from './saml-refusal.ts';
import { coveredAssertion, inspectSamlResponse, parseSamlXml, type SamlResponseShape } from './saml-response-shape.ts';

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
      ID: id,
      IssueInstant: new Date().toISOString(),
      Destination: destination,
      ProtocolBinding: POST,
      AssertionConsumerServiceURL: entities.urls.acs,
      Issuer: entities.urls.entityId,
      NameIDFormat: samlify.Constants.namespace.format.unspecified,
    }),
  });
  const entryPoint = config.entryPoint ?? '';
  if (config.requestBinding === 'POST') {
    const request = entities.sp.createLoginRequest(entities.idp, 'post', { customTagReplacement: fill(entryPoint) }) as {
      context: string;
      entityEndpoint: string;
    };
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
 * The assertion the verified signature covers, for the user's data to be read from (SAML core
 * §5.4.2): the signed Assertion itself, or the one Assertion of the signed Response. An encrypted
 * assertion is decrypted from the signed Response, or, when the signature is inside the
 * encryption, the whole message is decrypted and verified again.
 */
async function signedAssertion(
  entities: SamlEntities,
  xml: string,
  shape: SamlResponseShape & { assertion: 'plain' | 'encrypted' },
): Promise<string> {
  const verify = (content: string) => {
    try {
      return samlify.SamlLib.verifySignature(content, {
        metadata: entities.idp.entityMeta,
        signatureAlgorithm: entities.idp.entitySetting.requestSignatureAlgorithm,
      });
    } catch (error) {
      throw samlifyRefusal(error);
    }
  };
  const decrypt = (content: string) =>
    samlify.SamlLib.decryptAssertion(entities.sp, content).catch((error: unknown) => Promise.reject(samlifyRefusal(error)));
  if (shape.assertion === 'plain') {
    const [verified, signed] = verify(xml);
    if (!verified)
      throw new SamlRefusal('no signature in the response verifies with the IdP signing certificate', 'SAML_SIGNATURE_INVALID');
    return coveredAssertion(signed, shape.assertionId);
  }
  const [responseVerified, signedResponse] = verify(xml);
  if (responseVerified && signedResponse !== null && parseSamlXml(signedResponse).documentElement.localName === 'Response') {
    const [response, assertion] = await decrypt(signedResponse);
    return coveredAssertion(assertion, plainAssertionId(response));
  }
  const [decrypted] = await decrypt(xml);
  const [verified, signed] = verify(decrypted);
  if (!verified)
    throw new SamlRefusal('no signature in the decrypted response verifies with the IdP signing certificate', 'SAML_SIGNATURE_INVALID');
  return coveredAssertion(signed, plainAssertionId(decrypted));
}

/** The ID of the one plaintext assertion of a decrypted response, checked like the response was. */
function plainAssertionId(decrypted: string): string {
  const shape = inspectSamlResponse(decrypted);
  if (shape.assertion !== 'plain')
    throw new SamlRefusal('the decrypted response holds no plaintext assertion', 'SAML_ASSERTION_NOT_SIGNED');
  return shape.assertionId;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : null;
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Verifies a login response posted to the assertion consumer: one assertion, covered by the
 * signature (XML signature wrapping is refused), XML schema, signature by the IdP certificate,
 * issuer, validity window with the configured clock skew, audience, destination and recipient.
 * Everything about the user is read from the covered assertion only. Returns who logged in; the
 * caller still checks InResponseTo and replay.
 */
export async function verifySamlLoginResponse(
  entities: SamlEntities,
  config: SamlConfig,
  body: { SAMLResponse?: string; RelayState?: string },
  now: Date,
): Promise<VerifiedSamlLogin> {
  if (!body.SAMLResponse) throw new SamlRefusal('no SAMLResponse in the request');
  if (!config.idpCertificate) throw new SamlRefusal('no IdP signing certificate is configured');
  const xml = decodeSamlMessage(body.SAMLResponse, 'POST');
  const shape = inspectSamlResponse(xml);
  try {
    await entities.sp.parseLoginResponse(entities.idp, 'post', { body: { SAMLResponse: body.SAMLResponse, RelayState: body.RelayState } });
  } catch (error) {
    throw samlifyRefusal(error);
  }
  if (shape.assertion === 'none') throw new SamlRefusal('the response holds no assertion');
  const assertion = await signedAssertion(entities, xml, shape);
  const extract = samlify.Extractor.extract(xml, samlify.Extractor.loginResponseFields(assertion));
  const fields = samlify.Extractor.extract(xml, ASSERTION_FIELDS(assertion));
  const confirmation = record(fields['confirmation']);
  const skewMs = config.clockSkewSeconds * 1000;

  const audiences = ([] as unknown[]).concat(extract['audience'] ?? []);
  if (!audiences.includes(entities.urls.entityId))
    throw new SamlRefusal(`the assertion is for audience ${JSON.stringify(audiences)}, not ${entities.urls.entityId}`);
  const destination = text(record(extract['response'])['destination']);
  if (destination !== null && destination !== entities.urls.acs)
    throw new SamlRefusal(`the response is addressed to ${destination}, not ${entities.urls.acs}`);
  const recipient = text(confirmation['recipient']);
  if (recipient !== entities.urls.acs)
    throw new SamlRefusal(`the assertion's recipient is ${recipient ?? 'missing'}, not ${entities.urls.acs}`);
  const confirmUntil = text(confirmation['notOnOrAfter']);
  if (!confirmUntil || Number.isNaN(Date.parse(confirmUntil))) throw new SamlRefusal('the assertion has no subject confirmation expiry');
  if (now.getTime() >= Date.parse(confirmUntil) + skewMs) throw new SamlRefusal(`the assertion expired at ${confirmUntil}`);
  const confirmFrom = text(confirmation['notBefore']);
  if (confirmFrom && now.getTime() < Date.parse(confirmFrom) - skewMs)
    throw new SamlRefusal(`the assertion is not valid before ${confirmFrom}`);

  const assertionId = text(fields['assertion']);
  if (!assertionId) throw new SamlRefusal('the assertion has no ID');
  const nameId = text(extract['nameID']);
  if (!nameId) throw new SamlRefusal('the assertion names no subject (NameID)');
  const attributes: Record<string, unknown> = { ...record(extract['attributes']), nameID: nameId };
  const userId = config.userIdAttribute === 'nameID' ? nameId : text(attributes[config.userIdAttribute]);
  if (!userId) throw new SamlRefusal(`the assertion has no "${config.userIdAttribute}" attribute to identify the user`);
  const groups =
    config.groupAttribute === undefined ? undefined : ([] as unknown[]).concat(attributes[config.groupAttribute] ?? []).map(String);
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
    {
      key: 'message',
      localPath: [
        ['Response', 'Issuer'],
        ['LogoutResponse', 'Issuer'],
        ['LogoutRequest', 'Issuer'],
      ],
      attributes: [],
    },
    { key: 'response', localPath: ['Response'], attributes: ['InResponseTo'] },
    {
      key: 'confirmation',
      localPath: ['Response', 'Assertion', 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'],
      attributes: ['InResponseTo'],
    },
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
