import type { MembershipPair } from '@roster/core';
import type { SyncContext } from './sync-context.ts';
import type { PendingMembers } from './sync-group-page.ts';

/** Groups whose member lists go into one transaction (set-based: a few statements for all of them)... */
const GROUPS_PER_TRANSACTION = 50;
/** ...and at most about this many member references, so a transaction and its events stay small. */
const MEMBERS_PER_TRANSACTION = 500;
/** Users of a memberOf delta per transaction. */
const USERS_PER_TRANSACTION = 1_000;

/**
 * Member/uniqueMember/memberUid models: makes each group's members exactly the users its entry
 * names. References to users outside the synced set (filtered out, not users) are ignored; in a
 * delta run, users not read in this run are looked up in the directory by DN.
 */
export async function applyGroupMembers(ctx: SyncContext, pending: PendingMembers): Promise<void> {
  for (const batch of batches([...pending.keys()], (groupId) => pending.get(groupId)!.length)) {
    const wanted = new Map<string, string[]>();
    for (const groupId of batch) {
      wanted.set(groupId, await resolveMembers(ctx, pending.get(groupId)!));
      pending.delete(groupId); // resolved: let the references go
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

async function resolveMembers(ctx: SyncContext, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  const unknown: string[] = [];
  const byName = ctx.config.membership === 'memberUid';
  for (const ref of refs) {
    const id = ctx.userIdByRef?.get(ref);
    if (id) ids.push(id);
    else if (ctx.mode === 'DELTA') unknown.push(ref);
  }
  if (unknown.length === 0) return ids;
  if (byName) {
    const users = await ctx.roster.read((repos) => repos.bulk.usersByUserNames(ctx.iam.id, unknown));
    return [...ids, ...users.map((user) => user.id)];
  }
  const externalIds: string[] = [];
  for (const dn of unknown) {
    const entry = await ctx.directory.read(dn, ['entryUUID', 'objectGUID']);
    const externalId = entry?.attributes['objectGUID']?.[0] ?? entry?.attributes['entryUUID']?.[0];
    if (externalId) externalIds.push(externalId);
  }
  const users = await ctx.roster.read((repos) => repos.bulk.usersByExternalIds(ctx.iam.id, externalIds));
  return [...ids, ...users.map((user) => user.id)];
}
