import type { DirectoryOutcome } from '@roster/core';
import type { DirectoryEntry } from '../ldap/ldap-directory.ts';
import { normalizeDn } from '../ldap/distinguished-name.ts';
import { mapDirectoryUser, type DirectoryUser, type UserMapping } from './map-directory-user.ts';
import { noteUsn, type SyncContext } from './sync-context.ts';

/** Collects, per group id, the users whose `memberOf` names it (AD's membership model). */
export type MemberOfCollector = (user: DirectoryUser, userId: string) => Promise<void> | void;

/**
 * Syncs a page (or a part of one) of directory users in one transaction: creates new users, updates changed ones,
 * reactivates returning ones, and leaves unchanged ones alone (no write, no event). Existing users
 * and their attributes are read with one query each for the whole page.
 */
export async function syncUserPage(
  ctx: SyncContext,
  entries: readonly DirectoryEntry[],
  mapping: UserMapping,
  onMemberOf: MemberOfCollector | null,
  endOfPage = true,
): Promise<void> {
  const mapped: DirectoryUser[] = [];
  for (const entry of entries) {
    noteUsn(ctx, entry.attributes);
    const user = mapDirectoryUser(entry, mapping);
    if (user) mapped.push(user);
  }
  const users = dedupe(mapped);
  const before = { ...ctx.counts };
  try {
    await ctx.roster.transaction(async (ops) => {
      // Core decides who each entry is (by externalId, else adopting the holder of its name) and
      // what changes; one bulk insert for the new ones, reads per page.
      const results = await ops.reconcileDirectoryUsers(
        mapping.iam,
        users.map((user) => ({
          externalId: user.externalId,
          active: user.active,
          fields: user.patch,
          attributes: user.attributes,
          sourceAttributes: user.sourceAttributes,
        })),
      );
      for (const [i, user] of users.entries()) {
        const { userId: id, outcome } = results[i]!;
        ctx.counts[COUNTED[outcome]] += 1;
        ctx.seenUserIds.add(id);
        ctx.pendingMembers?.resolve(ctx.config.membership === 'memberUid' ? user.userName.toLowerCase() : normalizeDn(user.dn), id);
        if (onMemberOf) await onMemberOf(user, id);
      }
      ctx.progress.entries += entries.length;
      if (endOfPage) ctx.progress.pages += 1;
      await ops.recordSyncProgress(
        ctx.run.id,
        { ...ctx.counts },
        { phase: 'users', entries: ctx.progress.entries, pages: ctx.progress.pages },
      );
    });
  } catch (error) {
    Object.assign(ctx.counts, before);
    throw error;
  }
}

/** The run's counter of each outcome. */
const COUNTED = {
  created: 'usersCreated',
  updated: 'usersUpdated',
  reactivated: 'usersReactivated',
  deactivated: 'usersDeactivated',
  unchanged: 'usersUnchanged',
} as const satisfies Record<DirectoryOutcome, string>;

/** One user per stable id and per name within a page (a directory may hold duplicates). */
function dedupe(users: DirectoryUser[]): DirectoryUser[] {
  const byId = [...new Map(users.map((user) => [user.externalId, user])).values()];
  return [...new Map(byId.map((user) => [user.userName.toLowerCase(), user])).values()];
}
