import { constantTimeEqual } from '../crypto/web-crypto.ts';
import { SCIM_TOKEN_ID_LENGTH, type EventOrigin } from '../events/event-origin.ts';
import type { Iam } from '../model.ts';
import type { Hasher } from '../ports.ts';

/** Whether an IAM takes SCIM requests at all: it exists, is enabled and has SCIM on. */
export function servesScim(iam: Iam | null): iam is Iam {
  return iam !== null && iam.enabled && iam.scim.enabled;
}

/** Whether `tokenHash` (the SHA-256 of a presented bearer token) is the IAM's SCIM token's, in constant time. */
export function isScimTokenHash(iam: Iam, tokenHash: string): boolean {
  return iam.scim.tokenHash !== null && constantTimeEqual(tokenHash, iam.scim.tokenHash);
}

/**
 * Checks a presented SCIM bearer token against an IAM's stored hash ({@link isScimTokenHash}).
 * The hash of a token never changes and an IdP sends the same one with every request, so the
 * last 256 tokens' hashes are kept: a request costs no hashing.
 */
export function createScimTokenCheck(hasher: Hasher): (iam: Iam, token: string) => Promise<boolean> {
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (token: string) => {
    let hash = hashes.get(token);
    if (!hash) {
      if (hashes.size >= 256) hashes.clear();
      hash = hasher.sha256(token);
      hashes.set(token, hash);
      hash.catch(() => hashes.delete(token));
    }
    return hash;
  };
  return async (iam, token) => token !== '' && isScimTokenHash(iam, await hashOf(token));
}

/**
 * The origin of a request authenticated with the IAM's current SCIM token: the IAM and the first
 * {@link SCIM_TOKEN_ID_LENGTH} hex characters of the token's SHA-256 (not secret; a rotation
 * changes it).
 */
export function scimOrigin(iam: Iam): EventOrigin {
  return { kind: 'SCIM', iamId: iam.id, scimTokenId: (iam.scim.tokenHash ?? '').slice(0, SCIM_TOKEN_ID_LENGTH) };
}
