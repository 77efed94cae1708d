import type { SyncContext } from './sync-context.ts';
import type { PendingMembers } from './sync-group-page.ts';

const GROUPS_PER_TRANSACTION = 50;

/**
 * Member/uniqueMember/memberUid models: makes each group's members exactly the users its entry
 * names. References to users outside the synced set (filtered out, not users) are ignored; in a
 * delta run, users not read in this run are looked up in the directory by DN.
 */
export async function applyGroupMembers(ctx: SyncContext, pending: PendingMembers): Promise<void> {
  const resolved = new Map<string, string[]>();
  for (const [groupId, refs] of pending) resolved.set(groupId, await resolveMembers(ctx, refs));
  await replaceAll(ctx, resolved);
}

/** memberOf model, full run: each group's members are the users whose memberOf names it. */
export async function applyMemberOf(ctx: SyncContext, membersByGroup: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
  const wanted = new Map<string, string[]>();
  for (const groupId of ctx.groupIdByDn.values()) wanted.set(groupId, [...(membersByGroup.get(groupId) ?? [])]);
  await replaceAll(ctx, wanted);
}

/** memberOf model, delta run: only the users read in this run have their groups adjusted. */
export async function applyMemberOfDelta(ctx: SyncContext, groupsByUser: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
  const changes: { userId: string; add: string[]; remove: string[] }[] = [];
  const known = new Set(ctx.groupIdByDn.values());
  for (const [userId, wanted] of groupsByUser) {
    const current = (await ctx.roster.read((repos) => repos.memberships.groupIdsOf(userId))).filter((id) => known.has(id));
    changes.push({ userId, add: [...wanted].filter((id) => !current.includes(id)), remove: current.filter((id) => !wanted.has(id)) });
  }
  await ctx.roster.transaction(async (ops) => {
    for (const change of changes) {
      for (const groupId of change.add) await ops.addMembers(groupId, [change.userId]);
      for (const groupId of change.remove) await ops.removeMembers(groupId, [change.userId]);
    }
  });
}

async function replaceAll(ctx: SyncContext, wanted: ReadonlyMap<string, string[]>): Promise<void> {
  const entries = [...wanted];
  for (let i = 0; i < entries.length; i += GROUPS_PER_TRANSACTION) {
    await ctx.roster.transaction(async (ops) => {
      for (const [groupId, userIds] of entries.slice(i, i + GROUPS_PER_TRANSACTION)) await ops.replaceMembers(groupId, userIds);
    });
  }
}

async function resolveMembers(ctx: SyncContext, refs: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  const unknown: string[] = [];
  const byName = ctx.config.membership === 'memberUid';
  for (const ref of refs) {
    const id = (byName ? ctx.userIdByName : ctx.userIdByDn).get(ref);
    if (id) ids.push(id);
    else if (ctx.mode === 'DELTA') unknown.push(ref);
  }
  if (unknown.length === 0) return ids;
  if (byName) {
    for (const name of unknown) {
      const user = await ctx.roster.read((repos) => repos.users.findByUserName(ctx.iam.id, name));
      if (user) ids.push(user.id);
    }
    return ids;
  }
  const externalIds: string[] = [];
  for (const dn of unknown) {
    const entry = await ctx.directory.read(dn, ['entryUUID', 'objectGUID']);
    const externalId = entry?.attributes['objectGUID']?.[0] ?? entry?.attributes['entryUUID']?.[0];
    if (externalId) externalIds.push(externalId);
  }
  const users = await ctx.roster.read((repos) => repos.users.findByExternalIds(ctx.iam.id, externalIds));
  return [...ids, ...users.map((user) => user.id)];
}
