import { applyGroupMembers, applyMemberOf, applyMemberOfDelta } from './apply-memberships.ts';
import { deactivateUsers, planDeactivation } from './deactivate-missing.ts';
import { deleteGroups, planGroupDeletion } from './delete-missing-groups.ts';
import { normalizeDn } from '../ldap/distinguished-name.ts';
import type { UserMapping } from './map-directory-user.ts';
import type { PendingMembers } from './pending-members.ts';
import { readAhead } from './read-ahead.ts';
import { groupSearchFilter, throwIfAborted, userSearchFilter, type SyncContext } from './sync-context.ts';
import { syncGroupPage } from './sync-group-page.ts';
import { syncUserPage, type MemberOfCollector } from './sync-user-page.ts';

const ATTRIBUTES = ['*', 'entryUUID', 'objectGUID', 'modifyTimestamp', 'uSNChanged'];
/**
 * Users written per transaction (a directory page may be larger): a default page of 1,000 is one
 * transaction, so one commit (a WAL flush) and one progress event per page.
 */
const USERS_PER_TRANSACTION = 1_000;

/**
 * The passes of a run: groups first (so memberOf values resolve), then users page by page, then
 * memberships, then, in full runs only, deactivation of missing users and deletion of missing
 * groups. Any failure before the end stops the walk, so users are deactivated and groups deleted
 * only after a complete, successful enumeration of both.
 */
export async function walkDirectory(ctx: SyncContext): Promise<void> {
  const { config, iam } = ctx;
  const syncGroups = iam.settings.syncGroups && Boolean(config.groupBaseDn);
  const memberOf = syncGroups && config.membership === 'memberOf';
  const pending = syncGroups && !memberOf ? ctx.pendingMembers : null;
  // Each pass runs in its own function: a suspended async function keeps its locals, so a page
  // variable of this frame would hold the pass's last page (for groups: every member DN of up to
  // a page of groups, ~8 MB at 1,000 groups of 100) for the rest of the run.
  if (syncGroups) await walkGroups(ctx, pending);
  const membersByGroup = new Map<string, string[]>();
  const groupsByUser = new Map<string, string[]>();
  const collect: MemberOfCollector | null = memberOf
    ? (user, userId) => {
        const groupIds = user.memberOf.map((dn) => ctx.groupIdByDn.get(normalizeDn(dn))).filter((id): id is string => id !== undefined);
        if (ctx.mode === 'DELTA') groupsByUser.set(userId, groupIds);
        else for (const groupId of groupIds) (membersByGroup.get(groupId) ?? membersByGroup.set(groupId, []).get(groupId)!).push(userId);
      }
    : null;
  await walkUsers(ctx, collect);
  throwIfAborted(ctx);
  if (pending) await applyGroupMembers(ctx, pending);
  if (memberOf) await (ctx.mode === 'DELTA' ? applyMemberOfDelta(ctx, groupsByUser) : applyMemberOf(ctx, membersByGroup));
  if (ctx.mode !== 'FULL') return;
  // Both safety checks pass before either change is made: a refused run changes neither.
  const missingUsers = await planDeactivation(ctx);
  const missingGroups = syncGroups ? await planGroupDeletion(ctx) : [];
  await deactivateUsers(ctx, missingUsers);
  await deleteGroups(ctx, missingGroups);
}

/** Groups are few; they are all read every run so memberOf DNs and renames resolve. */
async function walkGroups(ctx: SyncContext, pending: PendingMembers | null): Promise<void> {
  const { config } = ctx;
  const pageSize = config.sync.paging.enabled ? config.sync.paging.pageSize : null;
  for await (const page of readAhead(
    ctx.directory.search({ base: config.groupBaseDn!, filter: groupSearchFilter(config), attributes: ATTRIBUTES, pageSize }),
  )) {
    throwIfAborted(ctx);
    await syncGroupPage(ctx, page, pending);
    ctx.onProgress(ctx.run, { ...ctx.progress, phase: 'groups' });
  }
}

/** The users, page by page; the next page is read while this one is written (one page ahead, no more). */
async function walkUsers(ctx: SyncContext, collect: MemberOfCollector | null): Promise<void> {
  const { config, iam } = ctx;
  const pageSize = config.sync.paging.enabled ? config.sync.paging.pageSize : null;
  const mapping: UserMapping = { userIdAttribute: config.userIdAttribute, iam };
  const filter = userSearchFilter(config, ctx.since, ctx.sinceUsn);
  for await (const page of readAhead(ctx.directory.search({ base: config.userBaseDn!, filter, attributes: ATTRIBUTES, pageSize }))) {
    // A large directory page is written in several transactions: each holds a bounded number of
    // rows and events, which keeps the memory a transaction needs small whatever the page size.
    for (let i = 0; i < page.length || i === 0; i += USERS_PER_TRANSACTION) {
      throwIfAborted(ctx);
      const last = i + USERS_PER_TRANSACTION >= page.length;
      await syncUserPage(ctx, page.slice(i, i + USERS_PER_TRANSACTION), mapping, collect, last);
    }
    ctx.onProgress(ctx.run, { ...ctx.progress, phase: 'users' });
  }
}
