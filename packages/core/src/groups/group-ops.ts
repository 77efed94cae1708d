import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { diffFields } from '../events/diff-fields.ts';
import { requireGroupIn, requireIamIn } from '../lookups.ts';
import type { Group } from '../model.ts';
import { parseInput } from '../rules/parse-input.ts';
import { createGroupSchema, updateGroupSchema, type CreateGroupInput, type UpdateGroupInput } from './group-input.ts';
import { recomputeGroupPermissions } from './recompute-group-permissions.ts';

/** Creates a group; displayName is unique per IAM, compared case-insensitively. */
export async function createGroup(ctx: ChangeContext, iamId: string, input: CreateGroupInput): Promise<Group> {
  const parsed = parseInput(createGroupSchema, input, 'group');
  const iam = await requireIamIn(ctx.tx, iamId);
  await assertDisplayNameFree(ctx, iam.id, parsed.displayName, null);
  const now = ctx.deps.clock.now();
  const group: Group = {
    id: ctx.deps.random.uuid(),
    iamId: iam.id,
    displayName: parsed.displayName,
    externalId: parsed.externalId ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.tx.groups.insert(group);
  ctx.record({ type: 'GROUP_CREATED', iamId: iam.id, subjectType: 'GROUP', subjectId: group.id, data: { displayName: group.displayName } });
  return group;
}

/** Renames a group or changes its externalId; members' group permissions follow a rename. */
export async function updateGroup(
  ctx: ChangeContext,
  groupId: string,
  input: UpdateGroupInput,
  options: { readonly expectedVersion?: number } = {},
): Promise<Group> {
  const patch = parseInput(updateGroupSchema, input, 'group');
  const before = await requireGroupIn(ctx.tx, groupId);
  if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
    throw new RosterError('VERSION_MISMATCH', `Group ${groupId} is at version ${before.version}, not ${options.expectedVersion}.`, {
      details: { groupId, version: before.version },
    });
  }
  if (patch.displayName !== undefined && patch.displayName.toLowerCase() !== before.displayName.toLowerCase()) {
    await assertDisplayNameFree(ctx, before.iamId, patch.displayName, before.id);
  }
  const candidate: Group = {
    ...before,
    displayName: patch.displayName ?? before.displayName,
    externalId: patch.externalId === undefined ? before.externalId : patch.externalId,
  };
  const changes = diffFields(before, candidate, ['displayName', 'externalId']);
  if (Object.keys(changes).length === 0) return before;
  const after: Group = { ...candidate, version: before.version + 1, updatedAt: ctx.deps.clock.now() };
  await ctx.tx.groups.update(after);
  ctx.record({
    type: 'GROUP_UPDATED',
    iamId: after.iamId,
    subjectType: 'GROUP',
    subjectId: after.id,
    data: { displayName: after.displayName, changes },
  });
  if (changes['displayName']) {
    await recomputeGroupPermissions(ctx, await requireIamIn(ctx.tx, after.iamId), await ctx.tx.memberships.memberIds(after.id));
  }
  return after;
}

/** Deletes a group; its members lose the memberships and the permissions the group gave them. */
export async function deleteGroup(ctx: ChangeContext, groupId: string): Promise<void> {
  const group = await requireGroupIn(ctx.tx, groupId);
  const members = await ctx.tx.memberships.memberIds(groupId);
  await ctx.tx.groups.delete(groupId);
  ctx.record({
    type: 'GROUP_DELETED',
    iamId: group.iamId,
    subjectType: 'GROUP',
    subjectId: group.id,
    data: { displayName: group.displayName, memberCount: members.length },
  });
  await recomputeGroupPermissions(ctx, await requireIamIn(ctx.tx, group.iamId), members);
}

/** Adds users of the group's IAM to it; one event per new membership. Returns the users added. */
export async function addMembers(ctx: ChangeContext, groupId: string, userIds: readonly string[]): Promise<string[]> {
  const group = await requireGroupIn(ctx.tx, groupId);
  await assertSameIam(ctx, group, userIds);
  const added = await ctx.tx.memberships.add(groupId, userIds);
  // A membership change is a change of the group: its version (SCIM ETag) moves.
  if (added.length > 0) await ctx.tx.groups.touch(group.id, ctx.deps.clock.now());
  for (const userId of added) {
    ctx.record({
      type: 'MEMBERSHIP_ADDED',
      iamId: group.iamId,
      subjectType: 'GROUP',
      subjectId: group.id,
      data: { groupId: group.id, userId },
    });
  }
  await recomputeGroupPermissions(ctx, await requireIamIn(ctx.tx, group.iamId), added);
  return added;
}

/** Removes users from the group; only those that were members produce events. Returns them. */
export async function removeMembers(ctx: ChangeContext, groupId: string, userIds: readonly string[]): Promise<string[]> {
  const group = await requireGroupIn(ctx.tx, groupId);
  const removed = await ctx.tx.memberships.remove(groupId, userIds);
  if (removed.length > 0) await ctx.tx.groups.touch(group.id, ctx.deps.clock.now());
  for (const userId of removed) {
    ctx.record({
      type: 'MEMBERSHIP_REMOVED',
      iamId: group.iamId,
      subjectType: 'GROUP',
      subjectId: group.id,
      data: { groupId: group.id, userId },
    });
  }
  await recomputeGroupPermissions(ctx, await requireIamIn(ctx.tx, group.iamId), removed);
  return removed;
}

/** Makes the group's members exactly `userIds` (an empty list empties it). */
export async function replaceMembers(
  ctx: ChangeContext,
  groupId: string,
  userIds: readonly string[],
): Promise<{ added: string[]; removed: string[] }> {
  const current = new Set(await ctx.tx.memberships.memberIds(groupId));
  const wanted = new Set(userIds);
  // Only the difference is written and checked: an unchanged group of thousands costs one read.
  const removed = await removeMembers(
    ctx,
    groupId,
    [...current].filter((id) => !wanted.has(id)),
  );
  const added = await addMembers(
    ctx,
    groupId,
    [...wanted].filter((id) => !current.has(id)),
  );
  return { added, removed };
}

async function assertSameIam(ctx: ChangeContext, group: Group, userIds: readonly string[]): Promise<void> {
  const unique = [...new Set(userIds)];
  const users = await ctx.tx.users.getMany(unique);
  const found = new Map(users.map((user) => [user.id, user]));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw new RosterError('USER_NOT_FOUND', `No user with id ${missing.map((id) => `"${id}"`).join(', ')}.`, {
      details: { userIds: missing },
    });
  const foreign = users.filter((user) => user.iamId !== group.iamId).map((user) => user.id);
  if (foreign.length > 0) {
    throw new RosterError(
      'CROSS_IAM_MEMBERSHIP',
      `Group "${group.displayName}" belongs to IAM "${group.iamId}"; users of other IAMs cannot join it.`,
      { details: { userIds: foreign } },
    );
  }
}

async function assertDisplayNameFree(ctx: ChangeContext, iamId: string, displayName: string, self: string | null): Promise<void> {
  const holder = await ctx.tx.groups.findByDisplayName(iamId, displayName);
  if (holder && holder.id !== self) {
    throw new RosterError('GROUP_NAME_TAKEN', `IAM "${iamId}" already has a group named "${holder.displayName}".`, {
      details: { iamId, displayName, existingGroupId: holder.id },
    });
  }
}
