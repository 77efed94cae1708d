import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { requireIamIn } from '../lookups.ts';
import type { MembershipPair } from '../ports.ts';
import { recomputeGroupPermissions } from './recompute-group-permissions.ts';

/** Memberships to add and to remove, across any number of groups of one IAM. */
export interface MembershipChanges {
  readonly add: readonly MembershipPair[];
  readonly remove: readonly MembershipPair[];
}

/**
 * Adds and removes many memberships of one IAM's groups at once (a directory sync): the same rules
 * and events as {@link addMembers} and {@link removeMembers} — one event per membership that
 * actually changed, changed groups' versions move, members' group permissions follow — in a
 * handful of set-based statements instead of several per group. Returns what changed.
 */
export async function changeMemberships(ctx: ChangeContext, iamId: string, changes: MembershipChanges): Promise<MembershipChanges> {
  const iam = await requireIamIn(ctx.tx, iamId);
  const groupIds = [...new Set([...changes.add, ...changes.remove].map((pair) => pair.groupId))];
  if (groupIds.length === 0) return { add: [], remove: [] };
  const groups = await ctx.tx.groups.getMany(groupIds);
  const foreignGroup = groupIds.find((id) => !groups.some((group) => group.id === id && group.iamId === iam.id));
  if (foreignGroup)
    throw new RosterError('GROUP_NOT_FOUND', `IAM "${iam.id}" has no group with id "${foreignGroup}".`, {
      details: { groupId: foreignGroup },
    });
  const joining = [...new Set(changes.add.map((pair) => pair.userId))];
  const known = new Set(await ctx.tx.bulk.userIdsInIam(iam.id, joining));
  const unknown = joining.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new RosterError(
      'USER_NOT_FOUND',
      `IAM "${iam.id}" has no user with id ${unknown
        .slice(0, 5)
        .map((id) => `"${id}"`)
        .join(', ')}.`,
      { details: { userIds: unknown } },
    );
  }
  const removed = await ctx.tx.bulk.removeMemberships(changes.remove);
  const added = await ctx.tx.bulk.addMemberships(changes.add);
  // A membership change is a change of the group: its version (SCIM ETag) moves.
  await ctx.tx.bulk.touchGroups([...new Set([...removed, ...added].map((pair) => pair.groupId))], ctx.deps.clock.now());
  for (const { groupId, userId } of removed) {
    ctx.record({ type: 'MEMBERSHIP_REMOVED', iamId: iam.id, subjectType: 'GROUP', subjectId: groupId, data: { groupId, userId } });
  }
  for (const { groupId, userId } of added) {
    ctx.record({ type: 'MEMBERSHIP_ADDED', iamId: iam.id, subjectType: 'GROUP', subjectId: groupId, data: { groupId, userId } });
  }
  const affected = [...new Set([...removed, ...added].map((pair) => pair.userId))];
  // Without group-permission rules only users still holding derived permissions can change.
  const recompute = iam.settings.groupPermissions.length > 0 ? affected : await ctx.tx.bulk.userIdsWithGroupPermissions(affected);
  await recomputeGroupPermissions(ctx, iam, recompute);
  return { add: added, remove: removed };
}

/**
 * Makes each given group's members exactly the listed users (a directory's member lists), writing
 * only the difference: groups whose members did not change cost one shared read.
 */
export async function replaceGroupMembers(
  ctx: ChangeContext,
  iamId: string,
  wanted: ReadonlyMap<string, readonly string[]>,
): Promise<MembershipChanges> {
  const current = await ctx.tx.bulk.memberIdsOfGroups([...wanted.keys()]);
  const add: MembershipPair[] = [];
  const remove: MembershipPair[] = [];
  for (const [groupId, userIds] of wanted) {
    const before = new Set(current.get(groupId));
    const after = new Set(userIds);
    for (const userId of after) if (!before.has(userId)) add.push({ groupId, userId });
    for (const userId of before) if (!after.has(userId)) remove.push({ groupId, userId });
  }
  return changeMemberships(ctx, iamId, { add, remove });
}
