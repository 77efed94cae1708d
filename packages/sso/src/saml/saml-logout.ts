import { samlify, type SamlEntities } from './saml-entities.ts';
import { decodeSamlMessage, type SamlOutbound } from './saml-login.ts';
import { SamlRefusal, samlifyRefusal } from './saml-refusal.ts';
import { inspectSamlLogoutMessage, type SamlLogoutMessageKind } from './saml-response-shape.ts';

/** A SAML message as it arrived: its binding, decoded fields and (redirect) the raw query. */
export interface InboundSamlMessage {
  readonly binding: 'REDIRECT' | 'POST';
  readonly fields: Readonly<Record<string, string | undefined>>;
  /** Redirect binding: the signed part of the query string, exactly as sent. */
  readonly octetString?: string;
}

/** The query parameters a redirect-binding signature covers, in the order it covers them (SAML bindings §3.4.4.1). */
const SIGNED_PARAMETERS = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg'] as const;
const SAML_PARAMETERS = new Set<string>([...SIGNED_PARAMETERS, 'Signature']);

/**
 * A redirect-binding message from its raw query string: the SAML parameters, decoded, and the part
 * the signature covers, exactly as sent (SAML bindings §3.4.4.1), both from one reading of the same
 * parameters. Each may appear once: were a parameter repeated, the message read could be another
 * than the one signed, so that is refused (names compared decoded, as any query parser reads them).
 */
export function readRedirectQuery(rawQuery: string): InboundSamlMessage {
  const signed = new Map<string, string>();
  const fields: Record<string, string> = {};
  for (const part of rawQuery.split('&')) {
    const [pair] = new URLSearchParams(part);
    if (!pair || !SAML_PARAMETERS.has(pair[0])) continue;
    if (pair[0] in fields) throw new SamlRefusal(`the query string holds ${pair[0]} more than once`, 'SAML_MESSAGE_NOT_SIGNED');
    fields[pair[0]] = pair[1];
    signed.set(pair[0], part);
  }
  return { binding: 'REDIRECT', fields, octetString: SIGNED_PARAMETERS.flatMap((name) => signed.get(name) ?? []).join('&') };
}

const request = (message: InboundSamlMessage) =>
  message.binding === 'REDIRECT'
    ? { query: { ...message.fields }, octetString: message.octetString ?? '' }
    : { body: { ...message.fields } };
const binding = (message: InboundSamlMessage) => (message.binding === 'REDIRECT' ? 'redirect' : 'post');

/**
 * Has samlify verify a logout message and returns what it says, read from what the signature
 * covers only. Over HTTP-POST that is the root element its enveloped signature references, so the
 * structure is checked first (inspectSamlLogoutMessage). Over the redirect binding the signature
 * covers the whole encoded message in the query string (SAML bindings §3.4.4.1), not an element.
 */
async function parseLogoutMessage(entities: SamlEntities, message: InboundSamlMessage, kind: SamlLogoutMessageKind) {
  const field = kind === 'LogoutRequest' ? 'SAMLRequest' : 'SAMLResponse';
  const encoded = message.fields[field];
  if (!encoded) throw new SamlRefusal(`no ${field} in the request`);
  const covered = message.binding === 'POST' ? inspectSamlLogoutMessage(decodeSamlMessage(encoded, 'POST'), kind) : null;
  let parsed: { extract: Record<string, unknown> };
  try {
    parsed =
      kind === 'LogoutRequest'
        ? await entities.sp.parseLogoutRequest(entities.idp, binding(message), request(message))
        : await entities.sp.parseLogoutResponse(entities.idp, binding(message), request(message));
  } catch (error) {
    throw samlifyRefusal(error);
  }
  if (covered === null) return parsed;
  const fields = kind === 'LogoutRequest' ? samlify.Extractor.logoutRequestFields : samlify.Extractor.logoutResponseFields;
  return { ...parsed, extract: samlify.Extractor.extract(covered, fields) as Record<string, unknown> };
}

/** Builds the LogoutRequest Roster sends when a user of a SAML session logs out (redirect binding). */
export function createSamlLogoutRequest(entities: SamlEntities, nameId: string, sessionIndex: string | null): SamlOutbound {
  if (!entities.idpLogoutUrl) throw new SamlRefusal('no IdP logout URL is configured');
  const outbound = entities.sp.createLogoutRequest(entities.idp, 'redirect', { logoutNameID: nameId, sessionIndex: sessionIndex ?? '' });
  return { binding: 'REDIRECT', id: outbound.id, url: outbound.context };
}

/** Verifies the IdP's LogoutResponse (signature, issuer, success status); returns the request it answers. */
export async function verifySamlLogoutResponse(entities: SamlEntities, message: InboundSamlMessage): Promise<string> {
  const parsed = await parseLogoutMessage(entities, message, 'LogoutResponse');
  const response = (parsed.extract['response'] ?? {}) as Record<string, unknown>;
  const destination = response['destination'];
  if (typeof destination === 'string' && destination !== '' && destination !== entities.urls.slo) {
    throw new SamlRefusal(`the logout response is addressed to ${destination}, not ${entities.urls.slo}`);
  }
  const inResponseTo = response['inResponseTo'];
  if (typeof inResponseTo !== 'string' || inResponseTo === '')
    throw new SamlRefusal('the logout response answers no request (no InResponseTo)');
  return inResponseTo;
}

/** An IdP-initiated LogoutRequest, verified: whose sessions to end, and the signed answer to send back. */
export interface VerifiedSamlLogoutRequest {
  readonly nameId: string;
  readonly sessionIndexes: readonly string[];
  readonly respond: () => SamlOutbound;
}

/** Verifies the IdP's LogoutRequest: signature (covering the message, see parseLogoutMessage), issuer, destination. */
export async function verifySamlLogoutRequest(
  entities: SamlEntities,
  message: InboundSamlMessage,
  expectedIssuer: string | undefined,
): Promise<VerifiedSamlLogoutRequest> {
  const parsed = await parseLogoutMessage(entities, message, 'LogoutRequest');
  const { extract } = parsed;
  if (expectedIssuer !== undefined && extract['issuer'] !== expectedIssuer)
    throw new SamlRefusal(`the logout request comes from ${String(extract['issuer'])}, not ${expectedIssuer}`);
  const destination = ((extract['request'] ?? {}) as Record<string, unknown>)['destination'];
  if (typeof destination === 'string' && destination !== '' && destination !== entities.urls.slo) {
    throw new SamlRefusal(`the logout request is addressed to ${destination}, not ${entities.urls.slo}`);
  }
  const nameId = extract['nameID'];
  if (typeof nameId !== 'string' || nameId === '') throw new SamlRefusal('the logout request names no subject (NameID)');
  const sessionIndexes = ([] as unknown[])
    .concat(extract['sessionIndex'] ?? [])
    .filter((value): value is string => typeof value === 'string' && value !== '');
  if (!entities.idpLogoutUrl) throw new SamlRefusal('no IdP logout URL is configured to answer to');
  return {
    nameId,
    sessionIndexes,
    respond: () => {
      const relayState = message.fields['RelayState'];
      const outbound = entities.sp.createLogoutResponse(entities.idp, parsed as never, 'redirect', relayState ?? '');
      return { binding: 'REDIRECT', id: outbound.id, url: outbound.context };
    },
  };
}
