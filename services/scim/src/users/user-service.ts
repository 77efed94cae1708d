import type { ChangeOperations, Iam, Roster, User } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import type { UserView } from './user-to-scim.ts';
import { userFromScim, type UserChanges } from './user-from-scim.ts';

/** The IAM's live (not deprovisioned) user, with attributes and, when asked, group ids; or 404. */
export async function loadUserView(roster: Roster, iam: Iam, id: string, withGroups: boolean): Promise<UserView> {
  // Ids give nothing away across IAMs: another IAM's user is simply not found.
  const view = await roster.readModel.userResource(iam.id, id, { groupIds: withGroups });
  if (!view) throw new ScimError(404, `User ${id} not found.`);
  return view;
}

/**
 * RFC 7644 §3.3 create: core reconciles the pushed user with the IAM's users (matching, take-over
 * of a user made elsewhere, or a new one; a live SCIM user of that name is USER_NAME_TAKEN, 409
 * uniqueness). Returns what the response needs, so the common case reads nothing back.
 */
export async function createScimUser(roster: Roster, iam: Iam, body: Record<string, unknown>): Promise<UserView> {
  return roster.reconcilePushedUser(iam, userFromScim(iam, body), 'SCIM');
}

/**
 * Writes every IdP-managed field of a user (PUT semantics), the resource as kept, and its mapped
 * attributes. A user SCIM writes is SCIM's from then on (one made at login is taken over).
 */
export function writeUser(ops: ChangeOperations, userId: string, changes: UserChanges, expectedVersion: number | undefined): Promise<User> {
  return ops.writeSourcedUser(userId, changes, { source: 'SCIM', expectedVersion });
}
