import {
  applyUserPatch,
  attributePrefixes,
  diffFields,
  isRosterError,
  normalizeAttributeMap,
  USER_FIELDS,
  type AttributeMap,
  type ChangeOperations,
  type User,
} from '@roster/core';
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
  const iamId = ctx.iam.id;
  const existing = await ctx.roster.read((repos) =>
    repos.bulk.usersByExternalIds(
      iamId,
      users.map((user) => user.externalId),
    ),
  );
  const byExternalId = new Map(existing.map((user) => [user.externalId!, user]));
  const syncsAttributes = mapping.iam.settings.syncAttributes && mapping.iam.settings.attributeSchema.length > 0;
  const attributes =
    syncsAttributes && existing.length > 0
      ? await ctx.roster.read((repos) => repos.userAttributes.getMany(existing.map((user) => user.id)))
      : new Map<string, AttributeMap>();
  const prefixes = syncsAttributes ? attributePrefixes(mapping.iam.settings.attributeSchema) : [];
  const unknown = users.filter((user) => !byExternalId.has(user.externalId));
  const holders =
    unknown.length === 0
      ? []
      : await ctx.roster.read((repos) =>
          repos.bulk.usersByUserNames(
            iamId,
            unknown.map((user) => user.userName),
          ),
        );
  const heldNames = new Set(holders.map((user) => user.userName.toLowerCase()));
  const fresh = unknown.filter((user) => !heldNames.has(user.userName.toLowerCase()));
  const before = { ...ctx.counts };
  try {
    await ctx.roster.transaction(async (ops) => {
      const created = await createAll(ctx, ops, fresh);
      for (const user of users) {
        const stored = byExternalId.get(user.externalId);
        const id = stored
          ? await updateExisting(ctx, ops, stored, user, attributes.get(stored.id) ?? {}, prefixes)
          : (created.get(user.userName.toLowerCase()) ?? (await createOrAdopt(ctx, ops, user, prefixes)));
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

/** New users of the page, with their mapped attributes, in one bulk insert. Returns user name -> id. */
async function createAll(ctx: SyncContext, ops: ChangeOperations, users: readonly DirectoryUser[]): Promise<Map<string, string>> {
  const inputs = users.map((user) => ({
    ...user.patch,
    externalId: user.externalId,
    active: user.active,
    attributes: user.attributes ?? {},
    sourceAttributes: user.sourceAttributes,
  }));
  const created = await ops.createUsers(ctx.iam.id, inputs, 'LDAP');
  ctx.counts.usersCreated += created.length;
  return new Map(created.map((user) => [user.userName.toLowerCase(), user.id]));
}

async function createOrAdopt(ctx: SyncContext, ops: ChangeOperations, user: DirectoryUser, prefixes: readonly string[]): Promise<string> {
  let id: string;
  try {
    id = (
      await ops.createUser(ctx.iam.id, { ...user.patch, externalId: user.externalId, active: user.active }, 'LDAP', {
        sourceAttributes: user.sourceAttributes,
      })
    ).id;
    ctx.counts.usersCreated += 1;
  } catch (error) {
    // A user of this IAM already holds the name (created at login, or a re-created entry): adopt it.
    if (!isRosterError(error, 'USER_NAME_TAKEN')) throw error;
    id = String(error.details['existingUserId']);
    const adopted = await ops.updateUser(
      id,
      { ...user.patch, externalId: user.externalId },
      { actor: 'IDP', sourceAttributes: user.sourceAttributes },
    );
    if (adopted.active !== user.active) await (user.active ? ops.reactivateUser(id) : ops.deactivateUser(id));
    ctx.counts[!adopted.active && user.active ? 'usersReactivated' : 'usersUpdated'] += 1;
  }
  if (user.attributes) await ops.setUserAttributes(id, user.attributes, { prefixes });
  return id;
}

async function updateExisting(
  ctx: SyncContext,
  ops: ChangeOperations,
  stored: User,
  user: DirectoryUser,
  storedAttributes: AttributeMap,
  prefixes: readonly string[],
): Promise<string> {
  const fieldsChanged =
    Object.keys(diffFields(stored, applyUserPatch(stored, { ...user.patch, sourceAttributes: user.sourceAttributes }), USER_FIELDS))
      .length > 0;
  const attributesChanged = user.attributes !== null && attributesDiffer(storedAttributes, user.attributes, prefixes);
  if (fieldsChanged) await ops.updateUser(stored.id, user.patch, { actor: 'IDP', sourceAttributes: user.sourceAttributes });
  if (attributesChanged) await ops.setUserAttributes(stored.id, user.attributes, { prefixes });
  if (!stored.active && user.active) {
    await ops.reactivateUser(stored.id);
    ctx.counts.usersReactivated += 1;
  } else if (stored.active && !user.active) {
    await ops.deactivateUser(stored.id);
    ctx.counts.usersDeactivated += 1;
  } else if (fieldsChanged || attributesChanged) {
    ctx.counts.usersUpdated += 1;
  } else {
    ctx.counts.usersUnchanged += 1;
  }
  return stored.id;
}

/** The same comparison setUserAttributes makes, without a query: prefixes managed by the IdP are replaced. */
function attributesDiffer(stored: AttributeMap, mapped: AttributeMap, prefixes: readonly string[]): boolean {
  const managed = new Set(prefixes);
  const kept = Object.fromEntries(
    Object.entries(stored).filter(([name]) => !managed.has(name.slice(0, name.indexOf('.'))) && !(name in mapped)),
  );
  const after = normalizeAttributeMap({ ...kept, ...mapped });
  const names = [...new Set([...Object.keys(stored), ...Object.keys(after)])];
  return Object.keys(diffFields(stored as Record<string, unknown>, after as Record<string, unknown>, names)).length > 0;
}

/** One user per stable id and per name within a page (a directory may hold duplicates). */
function dedupe(users: DirectoryUser[]): DirectoryUser[] {
  const byId = [...new Map(users.map((user) => [user.externalId, user])).values()];
  return [...new Map(byId.map((user) => [user.userName.toLowerCase(), user])).values()];
}
