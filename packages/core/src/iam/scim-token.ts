import { constantTimeEqual } from '../crypto/web-crypto.ts';
import type { Iam } from '../model.ts';

/** Whether an IAM takes SCIM requests at all: it exists, is enabled and has SCIM on. */
export function servesScim(iam: Iam | null): iam is Iam {
  return iam !== null && iam.enabled && iam.scim.enabled;
}

/** Whether `tokenHash` (the SHA-256 of a presented bearer token) is the IAM's SCIM token's, in constant time. */
export function isScimTokenHash(iam: Iam, tokenHash: string): boolean {
  return iam.scim.tokenHash !== null && constantTimeEqual(tokenHash, iam.scim.tokenHash);
}
