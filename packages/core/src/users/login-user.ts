import { setUserAttributes } from '../attributes/attribute-ops.ts';
import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { addMembers, createGroup, removeMembers } from '../groups/group-ops.ts';
import { requireIamIn } from '../lookups.ts';
import type { Iam, User } from '../model.ts';
import { deriveFromSource, sourceKindOf } from '../rules/derive-from-source.ts';
import { keptSourceAttributes, type SourceAttributes } from '../rules/source-attributes.ts';
import { findLoginUser } from './reconcile/find-login-user.ts';
import { createUser, updateUser } from './user-ops.ts';

/** Who an IdP says logged in: the user ID (per the IAM's user ID attribute or claim), and what came with it. */
export interface LoginIdentity {
  readonly userId: string;
  readonly attributes: SourceAttributes;
  /** Group names, when the IdP sent them (SAML group attribute, OIDC groups claim, external endpoint). */
  readonly groups?: readonly string[] | undefined;
}

/**
 * What happens on every successful login (SAML or OIDC; LDAP users arrive by sync): the user is found by the IAM's
 * matching attribute, else taken over from the IAM it migrates from, else created just in time
 * with the IAM's default permissions. Mapped profile fields are updated; with "sync groups" the
 * user's groups in this IAM become exactly the ones the IdP sent (created as needed, group
 * permissions following); with "sync attributes" the mapped attributes are replaced. What the
 * IdP sent is kept, secrets removed, as the user's source attributes — unless the user is
 * provisioned over SCIM, whose resource stays the kept source. A deactivated user is refused.
 * Every change is an event.
 */
export async function loginUser(ctx: ChangeContext, iamId: string, identity: LoginIdentity): Promise<User> {
  const iam = await requireIamIn(ctx.tx, iamId);
  if (!iam.enabled) throw new RosterError('FORBIDDEN', `IAM "${iam.id}" is disabled.`, { details: { iamId } });
  const userId = identity.userId.trim();
  if (userId === '') throw new RosterError('VALIDATION_FAILED', 'The IdP sent no user ID.', { details: { iamId } });
  const derived = deriveFromSource(iam, 'SSO', identity.attributes);
  const sourceAttributes = keptSourceAttributes(identity.attributes);
  let user = await findLoginUser(ctx, iam, userId);
  if (!user) {
    user = await createUser(ctx, iam.id, { userName: userId, ...withoutNulls(derived.fields) }, 'SSO', { sourceAttributes });
  } else {
    if (!user.active)
      throw new RosterError('FORBIDDEN', `User "${user.userName}" is deactivated in IAM "${iam.id}".`, {
        details: { iamId, userId: user.id },
      });
    const keep = sourceKindOf(iam, user) === 'SSO';
    user = await updateUser(ctx, user.id, withoutEmpty(derived.fields), { actor: 'IDP', ...(keep ? { sourceAttributes } : {}) });
  }
  if (iam.settings.syncGroups && identity.groups) await syncGroups(ctx, iam, user, identity.groups);
  if (derived.attributes) await setUserAttributes(ctx, user.id, derived.attributes.values, { prefixes: derived.attributes.prefixes });
  return (await ctx.tx.users.get(user.id)) ?? user;
}

async function syncGroups(ctx: ChangeContext, iam: Iam, user: User, names: readonly string[]): Promise<void> {
  const wanted = new Map(
    names
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => [name.toLowerCase(), name]),
  );
  const current = await ctx.tx.groups.getMany(await ctx.tx.memberships.groupIdsOf(user.id));
  for (const group of current) {
    if (!wanted.delete(group.displayName.toLowerCase())) await removeMembers(ctx, group.id, [user.id]);
  }
  for (const name of wanted.values()) {
    const group = (await ctx.tx.groups.findByDisplayName(iam.id, name)) ?? (await createGroup(ctx, iam.id, { displayName: name }));
    await addMembers(ctx, group.id, [user.id]);
  }
}

function withoutEmpty<T extends { profile: object }>(fields: T): T {
  return Object.keys(fields.profile).length > 0 ? fields : { ...fields, profile: undefined };
}

function withoutNulls<T extends { profile: object }>(fields: T): T {
  const kept = Object.fromEntries(Object.entries(withoutEmpty(fields)).filter(([, v]) => v !== null && v !== undefined));
  return kept as T;
}
