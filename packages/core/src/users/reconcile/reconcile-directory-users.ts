import { setUserAttributes } from '../../attributes/attribute-ops.ts';
import type { ChangeContext } from '../../context.ts';
import { diffFields } from '../../events/diff-fields.ts';
import type { Iam, User } from '../../model.ts';
import { normalizeAttributeMap, type AttributeMap } from '../../rules/attribute-mapping.ts';
import { attributePrefixes } from '../../rules/derive-from-source.ts';
import type { SourceAttributes } from '../../rules/source-attributes.ts';
import { applyUserPatch, USER_FIELDS } from '../apply-user-patch.ts';
import { createUsers } from '../create-users.ts';
import type { UpdateUserInput } from '../user-input.ts';
import { deactivateUser, reactivateUser, updateUser } from '../user-ops.ts';

/** A directory entry as a user: its stable id, whether the directory has it enabled, and what it maps to. */
export interface DirectoryUserInput {
  readonly externalId: string;
  readonly active: boolean;
  readonly fields: UpdateUserInput & { readonly userName: string };
  /** Mapped attributes; null when the IAM does not sync attributes. */
  readonly attributes: AttributeMap | null;
  readonly sourceAttributes: SourceAttributes;
}

/** What reconciling one directory user did. */
export type DirectoryOutcome = 'created' | 'updated' | 'reactivated' | 'deactivated' | 'unchanged';

/**
 * Reconciles a page of directory users (unique by externalId and by userName) with the IAM's
 * users, in the caller's transaction: a user found by externalId is updated, reactivated or
 * deactivated as the directory says (nothing written when nothing changed); one whose userName a
 * user of the IAM holds (made at login, or a re-created entry) is adopted: it takes the entry's
 * externalId; the rest are created with one bulk insert. Reads are per page, not per user. Returns
 * each input's user id and outcome, in input order.
 */
export async function reconcileDirectoryUsers(
  ctx: ChangeContext,
  iam: Iam,
  users: readonly DirectoryUserInput[],
): Promise<{ readonly userId: string; readonly outcome: DirectoryOutcome }[]> {
  const existing = await ctx.tx.bulk.usersByExternalIds(
    iam.id,
    users.map((user) => user.externalId),
  );
  const byExternalId = new Map(existing.map((user) => [user.externalId!, user]));
  const syncsAttributes = iam.settings.syncAttributes && iam.settings.attributeSchema.length > 0;
  const attributes =
    syncsAttributes && existing.length > 0
      ? await ctx.tx.userAttributes.getMany(existing.map((user) => user.id))
      : new Map<string, AttributeMap>();
  const prefixes = syncsAttributes ? attributePrefixes(iam.settings.attributeSchema) : [];
  const unknown = users.filter((user) => !byExternalId.has(user.externalId));
  const holders = unknown.length === 0 ? [] : await ctx.tx.bulk.usersByUserNames(iam.id, unknown.map(nameOf));
  const heldBy = new Map(holders.map((user) => [user.userName.toLowerCase(), user]));
  const fresh = unknown.filter((user) => !heldBy.has(nameOf(user).toLowerCase()));
  const inputs = fresh.map((user) => ({
    ...user.fields,
    externalId: user.externalId,
    active: user.active,
    attributes: user.attributes ?? {},
    sourceAttributes: user.sourceAttributes,
  }));
  const created = new Map((await createUsers(ctx, iam.id, inputs, 'LDAP')).map((user) => [user.userName.toLowerCase(), user.id]));
  const results: { userId: string; outcome: DirectoryOutcome }[] = [];
  for (const user of users) {
    const stored = byExternalId.get(user.externalId);
    const createdId = created.get(nameOf(user).toLowerCase());
    if (stored) results.push(await updateFromDirectory(ctx, stored, user, attributes.get(stored.id) ?? {}, prefixes));
    else if (createdId) results.push({ userId: createdId, outcome: 'created' });
    else results.push(await adopt(ctx, heldBy.get(nameOf(user).toLowerCase())!, user, prefixes));
  }
  return results;
}

const nameOf = (user: DirectoryUserInput) => user.fields.userName;

/** The holder of the entry's userName takes the entry's externalId and follows the directory from then on. */
async function adopt(
  ctx: ChangeContext,
  holder: User,
  user: DirectoryUserInput,
  prefixes: readonly string[],
): Promise<{ userId: string; outcome: DirectoryOutcome }> {
  const adopted = await updateUser(
    ctx,
    holder.id,
    { ...user.fields, externalId: user.externalId },
    { actor: 'IDP', sourceAttributes: user.sourceAttributes },
  );
  if (adopted.active !== user.active) await (user.active ? reactivateUser(ctx, holder.id) : deactivateUser(ctx, holder.id));
  if (user.attributes) await setUserAttributes(ctx, holder.id, user.attributes, { prefixes });
  return { userId: holder.id, outcome: !adopted.active && user.active ? 'reactivated' : 'updated' };
}

async function updateFromDirectory(
  ctx: ChangeContext,
  stored: User,
  user: DirectoryUserInput,
  storedAttributes: AttributeMap,
  prefixes: readonly string[],
): Promise<{ userId: string; outcome: DirectoryOutcome }> {
  const fieldsChanged =
    Object.keys(diffFields(stored, applyUserPatch(stored, { ...user.fields, sourceAttributes: user.sourceAttributes }), USER_FIELDS))
      .length > 0;
  const attributesChanged = user.attributes !== null && attributesDiffer(storedAttributes, user.attributes, prefixes);
  if (fieldsChanged) await updateUser(ctx, stored.id, user.fields, { actor: 'IDP', sourceAttributes: user.sourceAttributes });
  if (attributesChanged) await setUserAttributes(ctx, stored.id, user.attributes, { prefixes });
  // Reactivation follows the directory: an entry enabled again brings its user back.
  if (!stored.active && user.active) {
    await reactivateUser(ctx, stored.id);
    return { userId: stored.id, outcome: 'reactivated' };
  }
  if (stored.active && !user.active) {
    await deactivateUser(ctx, stored.id);
    return { userId: stored.id, outcome: 'deactivated' };
  }
  return { userId: stored.id, outcome: fieldsChanged || attributesChanged ? 'updated' : 'unchanged' };
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
