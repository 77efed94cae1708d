import { applyGroupMembers, applyMemberOf, applyMemberOfDelta } from './apply-memberships.ts';
import { deactivateMissingUsers } from './deactivate-missing.ts';
import { normalizeDn, type UserMapping } from './map-directory-user.ts';
import { groupSearchFilter, throwIfAborted, userSearchFilter, type SyncContext } from './sync-context.ts';
import { syncGroupPage, type PendingMembers } from './sync-group-page.ts';
import { syncUserPage, type MemberOfCollector } from './sync-user-page.ts';

const USER_ATTRIBUTES = ['*', 'entryUUID', 'objectGUID', 'modifyTimestamp'];

/**
 * The passes of a run: groups first (so memberOf values resolve), then users page by page, then
 * memberships, then, in full runs only, deactivation. Any failure before the end stops the walk,
 * so deactivation only ever follows a complete, successful enumeration.
 */
export async function walkDirectory(ctx: SyncContext): Promise<void> {
  const { config, iam } = ctx;
  const pageSize = config.sync.paging.enabled ? config.sync.paging.pageSize : null;
  const syncGroups = iam.settings.syncGroups && Boolean(config.groupBaseDn);
  const memberOf = syncGroups && config.membership === 'memberOf';
  const pending: PendingMembers | null = syncGroups && !memberOf ? new Map() : null;
  if (syncGroups) {
    // Groups are few; they are all read every run so memberOf DNs and renames resolve.
    for await (const page of ctx.directory.search({ base: config.groupBaseDn!, filter: groupSearchFilter(config, null), attributes: USER_ATTRIBUTES, pageSize })) {
      throwIfAborted(ctx);
      await syncGroupPage(ctx, page, pending);
      ctx.onProgress(ctx.run, { ...ctx.progress, phase: 'groups' });
    }
  }
  const mapping: UserMapping = {
    userIdAttribute: config.userIdAttribute,
    profileSchema: iam.settings.profileSchema,
    attributeRules: iam.settings.syncAttributes ? iam.settings.attributeSchema : null,
  };
  const membersByGroup = new Map<string, Set<string>>();
  const groupsByUser = new Map<string, Set<string>>();
  const collect: MemberOfCollector | null = memberOf
    ? (user, userId) => {
        const groupIds = user.memberOf.map((dn) => ctx.groupIdByDn.get(normalizeDn(dn))).filter((id): id is string => id !== undefined);
        if (ctx.mode === 'DELTA') groupsByUser.set(userId, new Set(groupIds));
        else for (const groupId of groupIds) membersByGroup.set(groupId, (membersByGroup.get(groupId) ?? new Set()).add(userId));
      }
    : null;
  for await (const page of ctx.directory.search({ base: config.userBaseDn!, filter: userSearchFilter(config, ctx.since), attributes: USER_ATTRIBUTES, pageSize })) {
    throwIfAborted(ctx);
    await syncUserPage(ctx, page, mapping, collect);
    ctx.onProgress(ctx.run, { ...ctx.progress, phase: 'users' });
  }
  throwIfAborted(ctx);
  if (pending) await applyGroupMembers(ctx, pending);
  if (memberOf) await (ctx.mode === 'DELTA' ? applyMemberOfDelta(ctx, groupsByUser) : applyMemberOf(ctx, membersByGroup));
  if (ctx.mode === 'FULL') await deactivateMissingUsers(ctx);
}
