import { RosterError } from '../../errors.ts';
import type { User } from '../../model.ts';

/**
 * Whether a pushed user may take over `existing`, the user of the IAM it matched (RFC 7644 §3.3):
 * one the IdP deprovisioned earlier, or one that exists without SCIM (made at login, by a sync,
 * by an administrator) is taken over and brought back. A live SCIM user, or a live user linked to
 * another IdP identity (a different externalId), is a uniqueness conflict: USER_NAME_TAKEN.
 */
export function assertMayTakeOver(existing: User, externalId: string | null | undefined): void {
  const linkedElsewhere = existing.externalId !== null && existing.externalId !== (externalId ?? null);
  if (existing.deprovisionedAt === null && (existing.source === 'SCIM' || linkedElsewhere)) {
    throw new RosterError('USER_NAME_TAKEN', `A user named "${existing.userName}" already exists.`, {
      details: { iamId: existing.iamId, userName: existing.userName, existingUserId: existing.id },
    });
  }
}
