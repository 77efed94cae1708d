import type { SamlEntities } from './saml-entities.ts';
import type { SamlOutbound } from './saml-login.ts';
import { SamlRefusal, samlifyRefusal } from './saml-refusal.ts';

/** A SAML message as it arrived: its binding, decoded fields and (redirect) the raw query. */
export interface InboundSamlMessage {
  readonly binding: 'REDIRECT' | 'POST';
  readonly fields: Readonly<Record<string, string | undefined>>;
  /** Redirect binding: the signed part of the query string, exactly as sent. */
  readonly octetString?: string;
}

/** The part of a redirect-binding query string a signature covers (SAML bindings §3.4.4.1). */
export function redirectOctetString(rawQuery: string): string {
  const parts = new Map(rawQuery.split('&').map((part) => [part.split('=')[0]!, part] as const));
  return ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg'].flatMap((name) => parts.get(name) ?? []).join('&');
}

const request = (message: InboundSamlMessage) =>
  message.binding === 'REDIRECT' ? { query: { ...message.fields }, octetString: message.octetString ?? '' } : { body: { ...message.fields } };
const binding = (message: InboundSamlMessage) => (message.binding === 'REDIRECT' ? 'redirect' : 'post');

/** Builds the LogoutRequest Roster sends when a user of a SAML session logs out (redirect binding). */
export function createSamlLogoutRequest(entities: SamlEntities, nameId: string, sessionIndex: string | null): SamlOutbound {
  if (!entities.idpLogoutUrl) throw new SamlRefusal('no IdP logout URL is configured');
  const outbound = entities.sp.createLogoutRequest(entities.idp, 'redirect', { logoutNameID: nameId, sessionIndex: sessionIndex ?? '' });
  return { binding: 'REDIRECT', id: outbound.id, url: outbound.context };
}

/** Verifies the IdP's LogoutResponse (signature, issuer, success status); returns the request it answers. */
export async function verifySamlLogoutResponse(entities: SamlEntities, message: InboundSamlMessage): Promise<string> {
  let parsed: { extract: Record<string, unknown> };
  try {
    parsed = await entities.sp.parseLogoutResponse(entities.idp, binding(message), request(message));
  } catch (error) {
    throw samlifyRefusal(error);
  }
  const response = (parsed.extract['response'] ?? {}) as Record<string, unknown>;
  const destination = response['destination'];
  if (typeof destination === 'string' && destination !== '' && destination !== entities.urls.slo) {
    throw new SamlRefusal(`the logout response is addressed to ${destination}, not ${entities.urls.slo}`);
  }
  const inResponseTo = response['inResponseTo'];
  if (typeof inResponseTo !== 'string' || inResponseTo === '') throw new SamlRefusal('the logout response answers no request (no InResponseTo)');
  return inResponseTo;
}

/** An IdP-initiated LogoutRequest, verified: whose sessions to end, and the signed answer to send back. */
export interface VerifiedSamlLogoutRequest {
  readonly nameId: string;
  readonly sessionIndexes: readonly string[];
  readonly respond: () => SamlOutbound;
}

/** Verifies the IdP's LogoutRequest: signature, issuer, destination. */
export async function verifySamlLogoutRequest(entities: SamlEntities, message: InboundSamlMessage, expectedIssuer: string | undefined): Promise<VerifiedSamlLogoutRequest> {
  let parsed: { extract: Record<string, unknown> };
  try {
    parsed = await entities.sp.parseLogoutRequest(entities.idp, binding(message), request(message));
  } catch (error) {
    throw samlifyRefusal(error);
  }
  const { extract } = parsed;
  if (expectedIssuer !== undefined && extract['issuer'] !== expectedIssuer) throw new SamlRefusal(`the logout request comes from ${String(extract['issuer'])}, not ${expectedIssuer}`);
  const destination = ((extract['request'] ?? {}) as Record<string, unknown>)['destination'];
  if (typeof destination === 'string' && destination !== '' && destination !== entities.urls.slo) {
    throw new SamlRefusal(`the logout request is addressed to ${destination}, not ${entities.urls.slo}`);
  }
  const nameId = extract['nameID'];
  if (typeof nameId !== 'string' || nameId === '') throw new SamlRefusal('the logout request names no subject (NameID)');
  const sessionIndexes = ([] as unknown[]).concat(extract['sessionIndex'] ?? []).filter((value): value is string => typeof value === 'string' && value !== '');
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
