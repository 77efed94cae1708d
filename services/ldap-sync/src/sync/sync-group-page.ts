import { isRosterError, type ChangeOperations, type Group } from '@roster/core';
import type { DirectoryEntry } from '../ldap/ldap-directory.ts';
import { normalizeDn } from './map-directory-user.ts';
import { generalizedTime, type SyncContext } from './sync-context.ts';

/** Group id -> member references read from the group entries (DNs, or user names for memberUid). */
export type PendingMembers = Map<string, string[]>;

/**
 * Syncs one page of directory groups in one transaction: creates new groups and renames changed
 * ones. For the member/uniqueMember/memberUid models it keeps each group's member references for
 * after the users are synced (a group may name users on later pages).
 */
export async function syncGroupPage(ctx: SyncContext, entries: readonly DirectoryEntry[], pending: PendingMembers | null): Promise<void> {
  const nameAttribute = ctx.config.groupNameAttribute;
  const groups = entries.flatMap((entry) => {
    const name = value(entry, nameAttribute)[0]?.trim();
    return name ? [{ entry, name, externalId: value(entry, 'objectGUID')[0] ?? value(entry, 'entryUUID')[0] ?? entry.dn.toLowerCase() }] : [];
  });
  const stored = new Map<string, Group>();
  await ctx.roster.read(async (repos) => {
    for (const group of groups) {
      const found = await repos.groups.findByExternalId(ctx.iam.id, group.externalId);
      if (found) stored.set(group.externalId, found);
    }
  });
  const before = { ...ctx.counts };
  try {
    await ctx.roster.transaction(async (ops) => {
      for (const group of groups) {
        const id = await upsertGroup(ctx, ops, stored.get(group.externalId) ?? null, group.name, group.externalId);
        ctx.groupIdByDn.set(normalizeDn(group.entry.dn), id);
        if (pending && changedSince(ctx, group.entry)) pending.set(id, memberReferences(ctx, group.entry));
      }
      ctx.progress.entries += entries.length;
      ctx.progress.pages += 1;
      await ops.recordSyncProgress(ctx.run.id, { ...ctx.counts }, { phase: 'groups', entries: ctx.progress.entries, pages: ctx.progress.pages });
    });
  } catch (error) {
    Object.assign(ctx.counts, before);
    throw error;
  }
}

async function upsertGroup(ctx: SyncContext, ops: ChangeOperations, stored: Group | null, displayName: string, externalId: string): Promise<string> {
  if (stored) {
    const after = await ops.updateGroup(stored.id, { displayName });
    ctx.counts[after === stored || after.version === stored.version ? 'groupsUnchanged' : 'groupsUpdated'] += 1;
    return stored.id;
  }
  try {
    const created = await ops.createGroup(ctx.iam.id, { displayName, externalId });
    ctx.counts.groupsCreated += 1;
    return created.id;
  } catch (error) {
    // A group of this IAM already has the name (made by an admin, or a re-created entry): adopt it.
    if (!isRosterError(error, 'GROUP_NAME_TAKEN')) throw error;
    const id = String(error.details['existingGroupId']);
    await ops.updateGroup(id, { displayName, externalId });
    ctx.counts.groupsUpdated += 1;
    return id;
  }
}

function memberReferences(ctx: SyncContext, entry: DirectoryEntry): string[] {
  const model = ctx.config.membership;
  if (model === 'memberUid') return value(entry, 'memberUid').map((name) => name.toLowerCase());
  return value(entry, model).map(normalizeDn);
}

/** Delta runs re-read a group's members only when its entry changed since the last run. */
function changedSince(ctx: SyncContext, entry: DirectoryEntry): boolean {
  const stamp = value(entry, 'modifyTimestamp')[0];
  return !ctx.since || !stamp || stamp >= generalizedTime(ctx.since);
}

function value(entry: DirectoryEntry, name: string): string[] {
  const lower = name.toLowerCase();
  const key = Object.keys(entry.attributes).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? [] : entry.attributes[key]!;
}
