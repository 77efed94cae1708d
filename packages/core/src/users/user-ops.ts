import type { ChangeContext, RosterDeps } from '../context.ts';
import type { EventDraft } from '../events/event-types.ts';
import { RosterError } from '../errors.ts';
import { diffFields } from '../events/diff-fields.ts';
import type { Iam, User, UserSource } from '../model.ts';
import { parseInput } from '../rules/parse-input.ts';
import type { SourceAttributes } from '../rules/source-attributes.ts';
import { normalizePermissions } from '../rules/permissions.ts';
import { requireIamIn, requireUserIn } from '../lookups.ts';
import { idpOwnedUserFields } from './idp-owned-fields.ts';
import {
  createUserSchema,
  updateUserSchema,
  type CreateUserInput,
  type ParsedCreateUserInput,
  type UpdateUserInput,
} from './user-input.ts';
import { applyUserPatch, USER_FIELDS } from './apply-user-patch.ts';

/** Who is making a change: an administrator through the API, or the IdP (SCIM, LDAP sync, login). */
export type Actor = 'ADMIN' | 'IDP';

/** What the IdP sent for a user, to keep (see User.sourceAttributes); secrets already removed. */
export interface KeptSource {
  readonly sourceAttributes?: SourceAttributes | undefined;
}

/**
 * Creates a user in an IAM. The IAM's default permissions are granted now, and only now; later
 * edits of the defaults affect new users only.
 */
export async function createUser(
  ctx: ChangeContext,
  iamId: string,
  input: CreateUserInput,
  source: UserSource,
  kept: KeptSource = {},
): Promise<User> {
  const parsed = parseInput(createUserSchema, input, 'user');
  const iam = await requireIamIn(ctx.tx, iamId);
  await assertUserNameFree(ctx, iam.id, parsed.userName, null);
  if (parsed.externalUsername) await assertExternalUsernameFree(ctx, parsed.externalUsername, null);
  const user = buildNewUser(ctx.deps, iam, parsed, source, kept.sourceAttributes);
  await ctx.tx.users.insert(user);
  ctx.record(userCreatedEvent(user));
  return user;
}

/** A new user of the IAM from validated input, holding the IAM's default permissions. */
export function buildNewUser(
  deps: RosterDeps,
  iam: Iam,
  parsed: ParsedCreateUserInput,
  source: UserSource,
  sourceAttributes: SourceAttributes = {},
): User {
  const now = deps.clock.now();
  const blank: User = {
    id: deps.random.uuid(),
    iamId: iam.id,
    userName: parsed.userName,
    externalId: null,
    externalUsername: null,
    active: true,
    deprovisionedAt: null,
    displayName: null,
    givenName: null,
    familyName: null,
    emails: [],
    profile: {},
    source,
    sourceAttributes,
    permissions: [],
    groupPermissions: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return applyUserPatch(blank, {
    ...parsed,
    permissions: normalizePermissions([...iam.settings.defaultPermissions, ...(parsed.permissions ?? [])]),
  });
}

/** The USER_CREATED event of a new user. */
export function userCreatedEvent(user: User): EventDraft {
  return {
    type: 'USER_CREATED',
    iamId: user.iamId,
    subjectType: 'USER',
    subjectId: user.id,
    data: { userName: user.userName, source: user.source, active: user.active, permissions: user.permissions },
  };
}

/**
 * Updates a user. Nothing changes (no write, no event) when the patch matches what is stored.
 * Administrators cannot edit fields the IAM's IdP owns. `expectedVersion` guards against lost
 * updates (SCIM If-Match). The IdP may also replace the kept source (`sourceAttributes`) and
 * claim the user for its channel (`source`: a SCIM push taking over a user made at login).
 */
export async function updateUser(
  ctx: ChangeContext,
  userId: string,
  input: UpdateUserInput,
  options: { readonly actor: Actor; readonly expectedVersion?: number; readonly source?: UserSource } & KeptSource,
): Promise<User> {
  const patch = parseInput(updateUserSchema, input, 'user');
  const before = await requireUserIn(ctx.tx, userId);
  if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
    throw new RosterError('VERSION_MISMATCH', `User ${userId} is at version ${before.version}, not ${options.expectedVersion}.`, {
      details: { userId, version: before.version },
    });
  }
  const iam = await requireIamIn(ctx.tx, before.iamId);
  if (options.actor === 'ADMIN') assertAdminMayEdit(iam, before, patch);
  if (patch.userName !== undefined && patch.userName.toLowerCase() !== before.userName.toLowerCase()) {
    await assertUserNameFree(ctx, iam.id, patch.userName, before.id);
  }
  if (patch.externalUsername && patch.externalUsername.toLowerCase() !== before.externalUsername?.toLowerCase()) {
    await assertExternalUsernameFree(ctx, patch.externalUsername, before.id);
  }
  const kept = options.actor === 'IDP' ? { source: options.source, sourceAttributes: options.sourceAttributes } : {};
  const candidate = applyUserPatch(before, {
    ...patch,
    ...kept,
    permissions: patch.permissions && normalizePermissions(patch.permissions),
  });
  return saveUserChanges(ctx, before, candidate);
}

/** Deactivates a user (kept for audit). Deactivating an inactive user changes nothing. */
export async function deactivateUser(ctx: ChangeContext, userId: string): Promise<User> {
  const before = await requireUserIn(ctx.tx, userId);
  return saveUserChanges(ctx, before, { ...before, active: false });
}

/** Reactivates a user, also one the IdP had deprovisioned. */
export async function reactivateUser(ctx: ChangeContext, userId: string): Promise<User> {
  const before = await requireUserIn(ctx.tx, userId);
  return saveUserChanges(ctx, before, { ...before, active: true, deprovisionedAt: null });
}

/**
 * Removes a user. Users that came from an IdP are deactivated and marked deprovisioned, never
 * erased; only users of the built-in IAM are deleted.
 */
export async function removeUser(ctx: ChangeContext, userId: string): Promise<User | null> {
  const before = await requireUserIn(ctx.tx, userId);
  const iam = await requireIamIn(ctx.tx, before.iamId);
  if (iam.type !== 'BUILTIN') {
    return saveUserChanges(ctx, before, { ...before, active: false, deprovisionedAt: before.deprovisionedAt ?? ctx.deps.clock.now() });
  }
  await ctx.tx.users.delete(userId);
  ctx.record({ type: 'USER_DELETED', iamId: before.iamId, subjectType: 'USER', subjectId: userId, data: { userName: before.userName } });
  return null;
}

/** Writes a changed user with its events; returns `before` untouched when nothing changed. */
export async function saveUserChanges(ctx: ChangeContext, before: User, candidate: User): Promise<User> {
  const planned = planUserChanges(ctx.deps, before, candidate);
  if (!planned) return before;
  await ctx.tx.users.update(planned.after, before);
  planned.events.forEach(ctx.record);
  return planned.after;
}

/**
 * What saving `candidate` over `before` writes, and the events that record it (a deactivation or
 * reactivation, and USER_UPDATED for every other change); null when nothing changed. Pure: the
 * caller writes, one user at a time or a page at once.
 */
export function planUserChanges(
  deps: RosterDeps,
  before: User,
  candidate: User,
): { readonly after: User; readonly events: EventDraft[] } | null {
  const changes = diffFields(before, candidate, USER_FIELDS);
  if (Object.keys(changes).length === 0) return null;
  const after: User = { ...candidate, version: before.version + 1, updatedAt: deps.clock.now() };
  const subject = { iamId: after.iamId, subjectType: 'USER' as const, subjectId: after.id };
  const { active, deprovisionedAt, sourceAttributes, ...rest } = changes;
  // The kept source is recorded by its changed top-level attributes, not whole (it can be large).
  const others = sourceAttributes
    ? { ...rest, sourceAttributes: changedAttributes(before.sourceAttributes, after.sourceAttributes) }
    : rest;
  const events: EventDraft[] = [];
  if (active)
    events.push({
      type: after.active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED',
      ...subject,
      data: { userName: after.userName, deprovisioned: after.deprovisionedAt !== null },
    });
  if (Object.keys(others).length > 0 || (deprovisionedAt && !active)) {
    events.push({
      type: 'USER_UPDATED',
      ...subject,
      data: { userName: after.userName, changes: deprovisionedAt ? { ...others, deprovisionedAt } : others },
    });
  }
  return { after, events };
}

function changedAttributes(
  before: SourceAttributes,
  after: SourceAttributes,
): { from: Record<string, unknown>; to: Record<string, unknown> } {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = Object.keys(diffFields(before as Record<string, unknown>, after as Record<string, unknown>, names));
  const pick = (source: SourceAttributes) =>
    Object.fromEntries(changed.filter((name) => name in source).map((name) => [name, source[name]]));
  return { from: pick(before), to: pick(after) };
}

function assertAdminMayEdit(iam: Iam, before: User, patch: UpdateUserInput): void {
  const owned = idpOwnedUserFields(iam);
  const touched = [
    ...Object.keys(patch).filter((field) => field !== 'profile' && patch[field as keyof UpdateUserInput] !== undefined),
    ...Object.keys(patch.profile ?? {}).map((field) => `profile.${field}`),
  ];
  const attempt = applyUserPatch(before, patch);
  const refused = touched.filter((field) => owned.has(field) && changesField(before, attempt, field));
  if (refused.length > 0) {
    throw new RosterError(
      'FIELD_OWNED_BY_IDP',
      `IAM "${iam.id}" owns ${refused.join(', ')}; change ${refused.length > 1 ? 'them' : 'it'} at the identity provider.`,
      {
        details: { fields: refused, iamId: iam.id },
      },
    );
  }
}

function changesField(before: User, after: User, field: string): boolean {
  const [head, sub] = field.split('.') as [keyof User, string | undefined];
  const pick = (user: User): unknown => (sub ? (user[head] as Record<string, unknown>)[sub] : user[head]);
  return Object.keys(diffFields({ v: pick(before) }, { v: pick(after) }, ['v'])).length > 0;
}

async function assertUserNameFree(ctx: ChangeContext, iamId: string, userName: string, self: string | null): Promise<void> {
  const holder = await ctx.tx.users.findByUserName(iamId, userName);
  if (holder && holder.id !== self) {
    throw new RosterError('USER_NAME_TAKEN', `IAM "${iamId}" already has a user named "${holder.userName}".`, {
      details: { iamId, userName, existingUserId: holder.id, deprovisioned: holder.deprovisionedAt !== null },
    });
  }
}

async function assertExternalUsernameFree(ctx: ChangeContext, externalUsername: string, self: string | null): Promise<void> {
  const holder = await ctx.tx.users.findByExternalUsername(externalUsername);
  if (holder && holder.id !== self) {
    throw new RosterError(
      'EXTERNAL_USERNAME_CLAIMED',
      `The external username "${externalUsername}" belongs to a user of IAM "${holder.iamId}".`,
      {
        details: { externalUsername, iamId: holder.iamId },
      },
    );
  }
}
