import type { ChangeContext } from '../../context.ts';
import type { Iam, User } from '../../model.ts';
import { findMatchingUser } from '../find-matching.ts';
import { migrateUser } from '../migrate-user.ts';

/**
 * The user a login's user ID names: the IAM's user matched on its matching attribute, else, when
 * the IAM migrates users from an older one ("Migrate Users" at login), that IAM's active user of
 * the same userName, migrated now; else null (the caller creates one just in time).
 */
export async function findLoginUser(ctx: ChangeContext, iam: Iam, userId: string): Promise<User | null> {
  const user = await findMatchingUser(ctx.tx, iam.id, iam.settings.userMatchingAttribute, userId);
  if (user || !iam.settings.migrateUsersFrom) return user;
  const previous = await ctx.tx.users.findByUserName(iam.settings.migrateUsersFrom, userId);
  return previous?.active ? migrateUser(ctx, previous.id, iam.id) : null;
}
