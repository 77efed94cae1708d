import { findMatchingUser, isRosterError, type ChangeOperations, type Iam, type Roster, type User } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import type { UserView } from './user-to-scim.ts';
import { userFromScim, type UserChanges } from './user-from-scim.ts';

/** The IAM's live (not deprovisioned) user, with attributes and, when asked, group ids; or 404. */
export async function loadUserView(roster: Roster, iam: Iam, id: string, withGroups: boolean): Promise<UserView> {
  const view = await roster.read(async (repos) => {
    const user = await repos.users.get(id);
    // Ids give nothing away across IAMs: another IAM's user is simply not found.
    if (!user || user.iamId !== iam.id || user.deprovisionedAt !== null) return null;
    const [attributes, groupIds] = await Promise.all([repos.userAttributes.get(id), withGroups ? repos.memberships.groupIdsOf(id) : null]);
    return { user, attributes, groupIds };
  });
  if (!view) throw new ScimError(404, `User ${id} not found.`);
  return view;
}

/**
 * RFC 7644 §3.3 create. A user matched by the IAM's matching attribute that the IdP deprovisioned
 * earlier, or that exists without SCIM (an SSO login), is taken over and brought back; a live
 * SCIM user with the same userName is a 409 uniqueness conflict. Returns what the response needs,
 * so the common case reads nothing back.
 */
export async function createScimUser(roster: Roster, iam: Iam, body: Record<string, unknown>): Promise<UserView> {
  const changes = userFromScim(iam, body);
  const value = matchValue(iam, changes);
  // Matching on userName needs no read first: the insert's unique index is the check.
  const matched =
    value === null ? null : await roster.read((repos) => findMatchingUser(repos, iam.id, iam.settings.userMatchingAttribute, value));
  if (matched) return takeOver(roster, matched, changes);
  try {
    // One statement, no read first: the unique index answers USER_NAME_TAKEN, handled below.
    const { user, attributes } = await roster.provisionUser(
      iam,
      {
        ...changes.fields,
        sourceAttributes: changes.sourceAttributes,
        ...(changes.attributes ? { attributes: changes.attributes.values } : {}),
      },
      'SCIM',
    );
    return { user, attributes, groupIds: [] };
  } catch (error) {
    if (!isRosterError(error, 'USER_NAME_TAKEN')) throw error;
    const holder = await roster.read((repos) => repos.users.findByUserName(iam.id, changes.fields.userName));
    if (!holder) throw error;
    return takeOver(roster, holder, changes);
  }
}

async function takeOver(roster: Roster, existing: User, changes: UserChanges): Promise<UserView> {
  // A user linked to another IdP identity (a different externalId) is not taken over twice.
  const linkedElsewhere = existing.externalId !== null && existing.externalId !== changes.fields.externalId;
  if (existing.deprovisionedAt === null && (existing.source === 'SCIM' || linkedElsewhere)) {
    throw new ScimError(409, `A user named "${existing.userName}" already exists.`, 'uniqueness');
  }
  await roster.transaction((ops) => writeUser(ops, existing.id, changes, undefined));
  return roster.read(async (repos) => ({
    user: (await repos.users.get(existing.id))!,
    attributes: await repos.userAttributes.get(existing.id),
    groupIds: await repos.memberships.groupIdsOf(existing.id),
  }));
}

/**
 * Writes every IdP-managed field of a user (PUT semantics), the resource as kept, and its mapped
 * attributes. A user SCIM writes is SCIM's from then on (one made at login is taken over).
 */
export async function writeUser(
  ops: ChangeOperations,
  userId: string,
  changes: UserChanges,
  expectedVersion: number | undefined,
): Promise<User> {
  const user = await ops.updateUser(userId, changes.fields, {
    actor: 'IDP',
    source: 'SCIM',
    sourceAttributes: changes.sourceAttributes,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });
  if (changes.attributes) await ops.setUserAttributes(userId, changes.attributes.values, { prefixes: changes.attributes.prefixes });
  return user;
}

/**
 * Runs a read-modify-write; a concurrent writer (VERSION_MISMATCH without an If-Match from the
 * client) makes it start over from a fresh read, so no update is lost. Every round lets at least
 * one writer through; the jittered pause keeps the losers from colliding again.
 */
export async function withRetry<T>(work: () => Promise<T>, clientVersion: number | undefined, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (clientVersion !== undefined || attempt >= attempts || !isRosterError(error, 'VERSION_MISMATCH')) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}

function matchValue(iam: Iam, changes: UserChanges): string | null {
  switch (iam.settings.userMatchingAttribute) {
    case 'email':
      return changes.fields.emails.find((e) => e.primary)?.value ?? changes.fields.emails[0]?.value ?? null;
    case 'workEmail':
      return changes.fields.emails.find((e) => e.type?.toLowerCase() === 'work')?.value ?? null;
    case 'displayName':
      return changes.fields.displayName;
    default:
      return null; // userName: the unique index decides; id: IdPs never send one on create
  }
}
