/**
 * Why Roster refused a SAML message, for the log (the browser sees one plain error page):
 * - `SAML_SIGNATURE_INVALID`: unsigned, tampered, or signed with another certificate;
 * - `SAML_MULTIPLE_ASSERTIONS`: more than one Assertion or EncryptedAssertion in the response;
 * - `SAML_ASSERTION_NOT_SIGNED`: the assertion is not the element the verified signature covers;
 * - `SAML_MESSAGE_NOT_SIGNED`: a logout message is not what its signature covers: over HTTP-POST
 *   a second LogoutRequest or LogoutResponse, or a signature placed or referencing elsewhere; over
 *   the redirect binding a SAML query parameter given twice;
 * - `SAML_REFUSED`: anything else (audience, validity window, replay, ...).
 */
export type SamlRefusalCode =
  'SAML_REFUSED' | 'SAML_SIGNATURE_INVALID' | 'SAML_MULTIPLE_ASSERTIONS' | 'SAML_ASSERTION_NOT_SIGNED' | 'SAML_MESSAGE_NOT_SIGNED';

/** A login or logout Roster refuses; `message` (the reason) goes to the log, never to the browser. */
export class SamlRefusal extends Error {
  override readonly name = 'SamlRefusal';

  constructor(
    message: string,
    readonly code: SamlRefusalCode = 'SAML_REFUSED',
  ) {
    super(message);
  }
}

const SIGNATURE_INVALID = 'the signature does not verify with the IdP signing certificate (unsigned or tampered)';
const REASONS: Readonly<Record<string, readonly [string, SamlRefusalCode]>> = {
  FAILED_TO_VERIFY_SIGNATURE: [SIGNATURE_INVALID, 'SAML_SIGNATURE_INVALID'],
  ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION: [SIGNATURE_INVALID, 'SAML_SIGNATURE_INVALID'],
  ERR_MISSING_SIG_ALG: ['the message is not signed', 'SAML_SIGNATURE_INVALID'],
  ERR_POTENTIAL_WRAPPING_ATTACK: ['the message looks like an XML signature wrapping attack', 'SAML_ASSERTION_NOT_SIGNED'],
  ERROR_UNMATCH_CERTIFICATE_DECLARATION_IN_METADATA: [
    'the message is signed with a certificate other than the configured IdP certificate',
    'SAML_SIGNATURE_INVALID',
  ],
  ERR_MULTIPLE_ASSERTION: ['the response holds more than one assertion', 'SAML_MULTIPLE_ASSERTIONS'],
  ERR_UNMATCH_ISSUER: ['the issuer is not the configured IdP', 'SAML_REFUSED'],
  ERR_SUBJECT_UNCONFIRMED: ['the assertion is expired or not yet valid', 'SAML_REFUSED'],
  ERR_EXPIRED_SESSION: ['the IdP session has expired', 'SAML_REFUSED'],
  ERR_EXCEPTION_VALIDATE_XML: ['the message is not valid SAML 2.0 XML', 'SAML_REFUSED'],
  ERR_INVALID_XML: ['the message is not valid SAML 2.0 XML', 'SAML_REFUSED'],
  ERR_EMPTY_ASSERTION: ['the response holds no assertion', 'SAML_REFUSED'],
  ERR_FAILED_STATUS: ['the IdP answered with an error status', 'SAML_REFUSED'],
};

/** A failure of samlify (coded by the text of its message) as a refusal with a sentence for the log. */
export function samlifyRefusal(error: unknown): SamlRefusal {
  if (error instanceof SamlRefusal) return error;
  const code = error instanceof Error ? error.message : String(error);
  const known = Object.entries(REASONS).find(([key]) => code.includes(key));
  return known ? new SamlRefusal(`${known[1][0]} (${code})`, known[1][1]) : new SamlRefusal(code);
}
