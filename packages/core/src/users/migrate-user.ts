import { setUserAttributes } from '../attributes/attribute-ops.ts';
import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { addMembers, createGroup } from '../groups/group-ops.ts';
import { requireIamIn, requireUserIn } from '../lookups.ts';
import type { User } from '../model.ts';
import { normalizePermissions } from '../rules/permissions.ts';
import { createUser, saveUserChanges } from './user-ops.ts';

/**
 * Moves a user to another IAM (reference: "Migrate Users"): the user in the target IAM — the one
 * with the same userName, or a new one — receives the old account's permissions, attributes and
 * memberships (each group by name, created in the target IAM when missing), then the old account
 * is deactivated and keeps its history. Returns the target user.
 */
export async function migrateUser(ctx: ChangeContext, userId: string, toIamId: string): Promise<User> {
  const source = await requireUserIn(ctx.tx, userId);
  const target = await requireIamIn(ctx.tx, toIamId);
  if (source.iamId === target.id) {
    throw new RosterError('VALIDATION_FAILED', `User ${userId} already belongs to IAM "${target.id}".`, {
      details: { userId, iamId: target.id },
    });
  }
  const [attributes, groupNames] = await Promise.all([ctx.tx.userAttributes.get(source.id), ctx.tx.memberships.groupNamesOf([source.id])]);
  // The external username moves with the person: free it first, it is unique across IAMs.
  const moved = await saveUserChanges(ctx, source, { ...source, active: false, externalUsername: null });
  const existing = await ctx.tx.users.findByUserName(target.id, source.userName);
  const base =
    existing ??
    (await createUser(
      ctx,
      target.id,
      {
        userName: source.userName,
        externalId: null,
        displayName: source.displayName,
        givenName: source.givenName,
        familyName: source.familyName,
        emails: source.emails.map((email) => ({ ...email })),
        profile: { ...source.profile },
      },
      source.source,
      { sourceAttributes: source.sourceAttributes },
    ));
  let migrated = await saveUserChanges(ctx, base, {
    ...base,
    active: true,
    externalUsername: base.externalUsername ?? source.externalUsername,
    permissions: normalizePermissions([...base.permissions, ...source.permissions]),
  });
  if (Object.keys(attributes).length > 0) {
    const current = await ctx.tx.userAttributes.get(migrated.id);
    await setUserAttributes(ctx, migrated.id, { ...attributes, ...current });
  }
  for (const name of groupNames.get(source.id) ?? []) {
    const group = (await ctx.tx.groups.findByDisplayName(target.id, name)) ?? (await createGroup(ctx, target.id, { displayName: name }));
    await addMembers(ctx, group.id, [migrated.id]);
  }
  migrated = (await ctx.tx.users.get(migrated.id)) ?? migrated;
  ctx.record({
    type: 'USER_MIGRATED',
    iamId: target.id,
    subjectType: 'USER',
    subjectId: migrated.id,
    data: { fromIamId: moved.iamId, fromUserId: moved.id, userName: migrated.userName },
  });
  return migrated;
}
