import { isRosterError, type ChangeOperations, type Group, type Iam, type Roster } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import { getKey, toText } from '../users/scim-values.ts';
import { memberIds } from './group-patch.ts';

/** The IAM's group and, when asked, its member ids; or 404. */
export async function loadGroupView(
  roster: Roster,
  iam: Iam,
  id: string,
  withMembers: boolean,
): Promise<{ group: Group; memberIds: string[] | null }> {
  const view = await roster.read(async (repos) => {
    const group = await repos.groups.get(id);
    if (!group || group.iamId !== iam.id) return null;
    return { group, memberIds: withMembers ? await repos.memberships.memberIds(id) : null };
  });
  if (!view) throw new ScimError(404, `Group ${id} not found.`);
  return view;
}

/** A SCIM Group body as Roster's group fields and member ids (PUT semantics). */
export function groupFromScim(body: Record<string, unknown>): { displayName: string; externalId: string | null; members: string[] } {
  const displayName = toText(getKey(body, 'displayName'), 'displayName');
  if (displayName === null) throw new ScimError(400, '"displayName" is required.', 'invalidValue');
  return { displayName, externalId: toText(getKey(body, 'externalId'), 'externalId'), members: memberIds(getKey(body, 'members')) };
}

/** RFC 7644 §3.3: creates the group with its members in one transaction. */
export function createScimGroup(roster: Roster, iam: Iam, body: Record<string, unknown>): Promise<Group> {
  const input = groupFromScim(body);
  return inGroupTransaction(roster, async (ops) => {
    const group = await ops.createGroup(iam.id, { displayName: input.displayName, externalId: input.externalId });
    if (input.members.length > 0) await ops.addMembers(group.id, input.members);
    return group;
  });
}

/** RFC 7644 §3.5.1: replaces name, externalId and the member list. */
export function replaceScimGroup(
  roster: Roster,
  id: string,
  body: Record<string, unknown>,
  expectedVersion: number | undefined,
): Promise<void> {
  const input = groupFromScim(body);
  return inGroupTransaction(roster, async (ops) => {
    await ops.updateGroup(
      id,
      { displayName: input.displayName, externalId: input.externalId },
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    await ops.replaceMembers(id, input.members);
  });
}

/**
 * Runs group writes in one transaction. A member that is not a user of this IAM is the client's
 * mistake in this request (400 invalidValue), not a missing resource.
 */
export async function inGroupTransaction<T>(roster: Roster, work: (ops: ChangeOperations) => Promise<T>): Promise<T> {
  try {
    return await roster.transaction(work);
  } catch (error) {
    if (isRosterError(error, 'USER_NOT_FOUND', 'CROSS_IAM_MEMBERSHIP'))
      throw new ScimError(400, `Unknown member: ${error.message}`, 'invalidValue');
    throw error;
  }
}
