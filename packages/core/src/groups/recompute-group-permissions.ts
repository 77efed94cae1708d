import type { ChangeContext } from '../context.ts';
import type { Iam } from '../model.ts';
import { deriveGroupPermissions, samePermissions } from '../rules/permissions.ts';
import { saveUserChanges } from '../users/user-ops.ts';

/**
 * Recomputes the group-derived permissions of the given users of one IAM after their memberships
 * (or the groups' names, or the IAM's group permissions) changed. Reads every user's groups in one
 * query; writes, with an event, only users whose permissions changed.
 */
export async function recomputeGroupPermissions(ctx: ChangeContext, iam: Iam, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const rules = iam.settings.groupPermissions;
  const [users, groupNames] = await Promise.all([ctx.tx.users.getMany(userIds), ctx.tx.memberships.groupNamesOf(userIds)]);
  for (const user of users) {
    const derived = deriveGroupPermissions(groupNames.get(user.id) ?? [], rules);
    if (!samePermissions(derived, user.groupPermissions)) {
      await saveUserChanges(ctx, user, { ...user, groupPermissions: derived });
    }
  }
}
