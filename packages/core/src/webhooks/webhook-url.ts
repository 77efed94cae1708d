import ipaddr from 'ipaddr.js';
import { RosterError } from '../errors.ts';

/** Which addresses webhooks may call. */
export interface WebhookAddressPolicy {
  /** Also refuse private, loopback and unique-local addresses (WEBHOOK_DENY_PRIVATE=true). */
  readonly denyPrivate: boolean;
}

// Refused always: link-local (169.254.0.0/16, fe80::/10, where cloud metadata services answer),
// AWS's IPv6 metadata address, and addresses no receiver has (unspecified, multicast, broadcast,
// reserved). Refused with denyPrivate: the private ranges a self-hosted hub otherwise calls.
const ALWAYS_REFUSED = new Set(['linkLocal', 'unspecified', 'multicast', 'broadcast', 'reserved']);
const PRIVATE = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);
const AWS_IPV6_METADATA = ipaddr.parse('fd00:ec2::254');

/**
 * Why a webhook may not call `address` (an IP address, v4 or v6, v4-mapped v6 included), or
 * null when it may. The delivery checks every address a host name resolves to, at connect time,
 * so a name that later resolves elsewhere (DNS rebinding) is caught as well as a literal address.
 */
export function refusedAddressReason(address: string, policy: WebhookAddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address.`;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).toNormalizedString() === AWS_IPV6_METADATA.toNormalizedString()) {
    return `${address} is a cloud metadata address.`;
  }
  const range = ip.range();
  if (ALWAYS_REFUSED.has(range)) return `${address} is a ${range} address, which webhooks never call.`;
  if (policy.denyPrivate && PRIVATE.has(range)) return `${address} is a ${range} address, and WEBHOOK_DENY_PRIVATE is on.`;
  return null;
}

/**
 * A webhook URL as stored: absolute http(s), no credentials, at most 2,000 characters, and not a
 * literal address {@link refusedAddressReason} refuses. Anything else is WEBHOOK_URL_REFUSED.
 */
export function checkWebhookUrl(text: string, policy: WebhookAddressPolicy): string {
  const refuse = (reason: string) =>
    new RosterError('WEBHOOK_URL_REFUSED', `Webhook URL refused: ${reason}`, { details: { url: text, reason } });
  if (text.length > 2000) throw refuse('it is longer than 2,000 characters.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse('it is not an absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('only http and https URLs are called.');
  if (url.username || url.password) throw refuse('credentials do not belong in the URL; verify the signature instead.');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (ipaddr.isValid(host)) {
    const reason = refusedAddressReason(host, policy);
    if (reason) throw refuse(reason);
  }
  return url.href;
}
