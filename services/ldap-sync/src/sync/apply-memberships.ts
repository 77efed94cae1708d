import type { MembershipPair } from '@roster/core';
import type { SyncContext } from './sync-context.ts';
import type { PendingMembers } from './pending-members.ts';

/** Groups whose member lists go into one transaction (set-based: a few statements for all of them)... */
const GROUPS_PER_TRANSACTION = 50;
/**
 * ...and at most about this many member references, so a transaction and its events stay bounded
 * (about as many rows and events as a page of users): each transaction costs a commit and a few
 * statements, which at 500 references made this phase a quarter of a large run.
 */
const MEMBERS_PER_TRANSACTION = 2_000;
/** Users of a memberOf delta per transaction. */
const USERS_PER_TRANSACTION = 1_000;

/**
 * Member/uniqueMember/memberUid models: makes each group's members exactly the users its entry
 * names. References to users outside the synced set (filtered out, not users) are ignored; in a
 * delta run, users not read in this run are looked up in the directory by DN.
 */
export async function applyGroupMembers(ctx: SyncContext, pending: PendingMembers): Promise<void> {
  // Full runs read every user: a reference none of them matched is not a synced user.
  const unresolved = pending.takeUnresolved();
  const size = (groupId: string) => pending.size(groupId) + (unresolved.get(groupId)?.length ?? 0);
  for (const batch of batches(pending.groupIds(), size)) {
    const wanted = new Map<string, readonly string[]>();
    for (const groupId of batch) {
      const ids = pending.take(groupId); // applied below: let the list go
      const unknown = ctx.mode === 'DELTA' ? (unresolved.get(groupId) ?? []) : [];
      wanted.set(groupId, unknown.length > 0 ? [...ids, ...(await lookUpMembers(ctx, unknown))] : ids);
    }
    await ctx.roster.transaction((ops) => ops.replaceGroupMembers(ctx.iam.id, wanted));
  }
}

/** Splits groups into transactions of at most GROUPS_PER_TRANSACTION groups and about MEMBERS_PER_TRANSACTION members. */
function* batches(groupIds: readonly string[], size: (groupId: string) => number): Generator<string[]> {
  let batch: string[] = [];
  let members = 0;
  for (const groupId of groupIds) {
    if (batch.length > 0 && (batch.length >= GROUPS_PER_TRANSACTION || members + size(groupId) > MEMBERS_PER_TRANSACTION)) {
      yield batch;
      batch = [];
      members = 0;
    }
    batch.push(groupId);
    members += size(groupId);
  }
  if (batch.length > 0) yield batch;
}

/** memberOf model, full run: each group's members are the users whose memberOf names it. */
export async function applyMemberOf(ctx: SyncContext, membersByGroup: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const groupIds = [...new Set(ctx.groupIdByDn.values())];
  for (const batch of batches(groupIds, (groupId) => membersByGroup.get(groupId)?.length ?? 0)) {
    const wanted = new Map(batch.map((groupId) => [groupId, membersByGroup.get(groupId) ?? []]));
    await ctx.roster.transaction((ops) => ops.replaceGroupMembers(ctx.iam.id, wanted));
  }
}

/** memberOf model, delta run: only the users read in this run have their groups adjusted. */
export async function applyMemberOfDelta(ctx: SyncContext, groupsByUser: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const known = new Set(ctx.groupIdByDn.values());
  const users = [...groupsByUser.keys()];
  for (let i = 0; i < users.length; i += USERS_PER_TRANSACTION) {
    const batch = users.slice(i, i + USERS_PER_TRANSACTION);
    const add: MembershipPair[] = [];
    const remove: MembershipPair[] = [];
    const current = await ctx.roster.read((repos) => repos.bulk.groupIdsOfUsers(batch));
    for (const userId of batch) {
      const wanted = new Set(groupsByUser.get(userId));
      const has = (current.get(userId) ?? []).filter((id) => known.has(id));
      for (const groupId of wanted) if (!has.includes(groupId)) add.push({ groupId, userId });
      for (const groupId of has) if (!wanted.has(groupId)) remove.push({ groupId, userId });
    }
    await ctx.roster.transaction((ops) => ops.changeMemberships(ctx.iam.id, { add, remove }));
  }
}

/** Delta runs: the users named by references to users not read in this run, found in Roster or the directory. */
async function lookUpMembers(ctx: SyncContext, unknown: readonly string[]): Promise<string[]> {
  if (ctx.config.membership === 'memberUid') {
    const users = await ctx.roster.read((repos) => repos.bulk.usersByUserNames(ctx.iam.id, unknown));
    return users.map((user) => user.id);
  }
  const externalIds: string[] = [];
  for (const dn of unknown) {
    const entry = await ctx.directory.read(dn, ['entryUUID', 'objectGUID']);
    const externalId = entry?.attributes['objectGUID']?.[0] ?? entry?.attributes['entryUUID']?.[0];
    if (externalId) externalIds.push(externalId);
  }
  const users = await ctx.roster.read((repos) => repos.bulk.usersByExternalIds(ctx.iam.id, externalIds));
  return users.map((user) => user.id);
}
