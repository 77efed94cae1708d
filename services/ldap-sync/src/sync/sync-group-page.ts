import { isRosterError, type ChangeOperations, type Group } from '@roster/core';
import type { DirectoryEntry } from '../ldap/ldap-directory.ts';
import { normalizeDn } from '../ldap/distinguished-name.ts';
import type { PendingMembers } from './pending-members.ts';
import { attributeValues, changedSince, noteUsn, type SyncContext } from './sync-context.ts';

/**
 * Syncs one page of directory groups in one transaction: creates new groups and renames changed
 * ones; unchanged groups cost nothing. For the member/uniqueMember/memberUid models it keeps each
 * group's member references for after the users are synced (a group may name users on later pages).
 */
export async function syncGroupPage(ctx: SyncContext, entries: readonly DirectoryEntry[], pending: PendingMembers | null): Promise<void> {
  const nameAttribute = ctx.config.groupNameAttribute;
  const groups = entries.flatMap((entry) => {
    noteUsn(ctx, entry.attributes);
    const name = attributeValues(entry.attributes, nameAttribute)[0]?.trim();
    return name
      ? [
          {
            entry,
            name,
            externalId:
              attributeValues(entry.attributes, 'objectGUID')[0] ??
              attributeValues(entry.attributes, 'entryUUID')[0] ??
              entry.dn.toLowerCase(),
          },
        ]
      : [];
  });
  const stored = await storedGroups(ctx);
  // New groups whose name no group of the IAM holds are created together; the rest one by one.
  const unknown = dedupe(groups.filter((group) => !stored.has(group.externalId)));
  const holders =
    unknown.length === 0
      ? []
      : await ctx.roster.read((repos) =>
          repos.bulk.groupsByDisplayNames(
            ctx.iam.id,
            unknown.map((group) => group.name),
          ),
        );
  const held = new Set(holders.map((group) => group.displayName.toLowerCase()));
  const fresh = unknown.filter((group) => !held.has(group.name.toLowerCase()));
  const before = { ...ctx.counts };
  try {
    await ctx.roster.transaction(async (ops) => {
      const created = new Map(
        (
          await ops.createGroups(
            ctx.iam.id,
            fresh.map((group) => ({ displayName: group.name, externalId: group.externalId })),
          )
        ).map((group) => [group.externalId!, group]),
      );
      ctx.counts.groupsCreated += created.size;
      for (const group of groups) {
        const id =
          created.get(group.externalId)?.id ??
          (await upsertGroup(ctx, ops, stored.get(group.externalId) ?? null, group.name, group.externalId));
        ctx.groupIdByDn.set(normalizeDn(group.entry.dn), id);
        ctx.seenGroupIds.add(id);
        if (pending && changedSince(ctx, group.entry.attributes)) pending.set(id, memberReferences(ctx, group.entry));
      }
      ctx.progress.entries += entries.length;
      ctx.progress.pages += 1;
      await ops.recordSyncProgress(
        ctx.run.id,
        { ...ctx.counts },
        { phase: 'groups', entries: ctx.progress.entries, pages: ctx.progress.pages },
      );
    });
  } catch (error) {
    Object.assign(ctx.counts, before);
    throw error;
  }
}

/** The IAM's directory groups by externalId, read once per run (groups are few). */
async function storedGroups(ctx: SyncContext): Promise<ReadonlyMap<string, Group>> {
  ctx.storedGroups ??= new Map(
    (await ctx.roster.read((repos) => repos.bulk.directoryGroups(ctx.iam.id))).map((group) => [group.externalId!, group]),
  );
  return ctx.storedGroups;
}

async function upsertGroup(
  ctx: SyncContext,
  ops: ChangeOperations,
  stored: Group | null,
  displayName: string,
  externalId: string,
): Promise<string> {
  if (stored && stored.displayName === displayName) {
    ctx.counts.groupsUnchanged += 1;
    return stored.id;
  }
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
    const id = String(error.details.existingGroupId);
    await ops.updateGroup(id, { displayName, externalId });
    ctx.counts.groupsUpdated += 1;
    return id;
  }
}

/** One group per directory id and per name within a page. */
function dedupe<T extends { readonly externalId: string; readonly name: string }>(groups: readonly T[]): T[] {
  const byId = [...new Map(groups.map((group) => [group.externalId, group])).values()];
  return [...new Map(byId.map((group) => [group.name.toLowerCase(), group])).values()];
}

function memberReferences(ctx: SyncContext, entry: DirectoryEntry): string[] {
  const model = ctx.config.membership;
  if (model === 'memberUid') return attributeValues(entry.attributes, 'memberUid').map((name) => name.toLowerCase());
  return attributeValues(entry.attributes, model).map(normalizeDn);
}
