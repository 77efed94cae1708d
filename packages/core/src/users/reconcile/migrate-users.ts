import type { ChangeContext } from '../../context.ts';
import { RosterError } from '../../errors.ts';
import type { User } from '../../model.ts';
import { migrateUser } from '../migrate-user.ts';

/**
 * An administrator's "Migrate Users": moves each named user of `fromIamId` to `toIamId` with
 * {@link migrateUser}, all in the caller's transaction. A user that is not of `fromIamId` is
 * USER_NOT_FOUND (ids give nothing away across IAMs), and nothing moves.
 */
export async function migrateUsers(ctx: ChangeContext, fromIamId: string, userIds: readonly string[], toIamId: string): Promise<User[]> {
  const moved: User[] = [];
  for (const id of userIds) {
    const user = await ctx.tx.users.get(id);
    if (!user || user.iamId !== fromIamId) {
      throw new RosterError('USER_NOT_FOUND', `IAM "${fromIamId}" has no user with id "${id}".`, {
        details: { userId: id, iamId: fromIamId },
      });
    }
    moved.push(await migrateUser(ctx, id, toIamId));
  }
  return moved;
}
