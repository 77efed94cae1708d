import { isPlainObject, sameValue, sourceKindOf, type AttributeMap, type Iam, type User } from '@roster/core';
import { URN } from '../schema/schema-urns.ts';
import { attributesToExtensions } from './user-extensions.ts';
import { emailsOf } from './user-from-scim.ts';

/** What a User resource is built from. */
export interface UserView {
  readonly user: User;
  readonly attributes: AttributeMap;
  /** Group ids, when they were read (they are read-only on the User, RFC 7643 §4.1.2). */
  readonly groupIds: readonly string[] | null;
}

/** The ETag of a resource version (RFC 7644 §3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

/** Attributes Roster answers itself, whatever the kept resource holds. */
const OWNED = new Set(['schemas', 'id', 'externalid', 'username', 'name', 'displayname', 'active', 'emails', 'groups', 'meta', 'password']);

/**
 * A Roster user as a SCIM User resource (RFC 7643 §4.1), with `meta` and absolute `location`.
 * A user the IdP pushed over SCIM is answered from the resource Roster kept, so every attribute
 * and extension the IdP sent comes back as sent, with the values Roster owns laid over it: id,
 * meta, groups, userName, externalId, active, displayName, name.givenName/familyName, emails.
 * `schemas` names the core schema and every extension the resource carries.
 */
export function userToScim(iam: Iam, view: UserView, baseUrl: string): Record<string, unknown> {
  const { user } = view;
  const kept =
    sourceKindOf(iam, user) === 'SCIM' && Object.keys(user.sourceAttributes).length > 0 ? user.sourceAttributes : legacyResource(iam, view);
  const rest = Object.fromEntries(Object.entries(kept).filter(([key]) => !OWNED.has(key.toLowerCase())));
  const name = {
    ...withoutKeys(objectAt(kept, 'name'), ['givenName', 'familyName']),
    ...(user.givenName ? { givenName: user.givenName } : {}),
    ...(user.familyName ? { familyName: user.familyName } : {}),
  };
  const emails = emailsFor(valueAt(kept, 'emails'), user);
  return {
    schemas: [URN.user, ...Object.keys(rest).filter((key) => key.toLowerCase().startsWith('urn:') && isPlainObject(rest[key]))],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.userName,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(user.displayName ? { displayName: user.displayName } : {}),
    active: user.active,
    ...(emails.length > 0 ? { emails } : {}),
    ...rest,
    ...(view.groupIds && view.groupIds.length > 0
      ? { groups: view.groupIds.map((id) => ({ value: id, $ref: `${baseUrl}/Groups/${id}`, type: 'direct' })) }
      : {}),
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: etagOf(user.version),
    },
  };
}

/**
 * A user with no kept SCIM resource (stored before Roster kept them, or made at login or by an
 * administrator) as a resource rebuilt from its profile fields and mapped attributes.
 */
function legacyResource(iam: Iam, view: UserView): Record<string, unknown> {
  const profile = view.user.profile as Record<string, string | undefined>;
  const extensions = attributesToExtensions(iam, view.attributes);
  const enterprise = {
    ...(profile['department'] ? { department: profile['department'] } : {}),
    ...(profile['organization'] ? { organization: profile['organization'] } : {}),
    ...extensions[URN.enterprise],
  };
  if (Object.keys(enterprise).length > 0) extensions[URN.enterprise] = enterprise;
  return {
    ...(profile['title'] ? { title: profile['title'] } : {}),
    ...(profile['phoneNumber'] ? { phoneNumbers: [{ value: profile['phoneNumber'], type: 'work', primary: true }] } : {}),
    ...(profile['location'] ? { addresses: [{ locality: profile['location'], type: 'work', primary: true }] } : {}),
    ...extensions,
  };
}

/**
 * The user's emails as Roster stores them (value, type, primary); when they are the kept ones,
 * each keeps the other sub-attributes the IdP sent with it (`display`).
 */
function emailsFor(kept: unknown, user: User): Record<string, unknown>[] {
  const own = user.emails.map((e) => ({ value: e.value, ...(e.type ? { type: e.type } : {}), primary: e.primary }));
  if (!Array.isArray(kept) || !sameKeptEmails(kept, user)) return own;
  const sent = kept.filter(
    (item): item is Record<string, unknown> =>
      isPlainObject(item) && typeof valueAt(item, 'value') === 'string' && String(valueAt(item, 'value')).trim() !== '',
  );
  return own.map((email, i) => ({ ...withoutKeys(sent[i] ?? {}, ['value', 'type', 'primary']), ...email }));
}

function sameKeptEmails(kept: unknown[], user: User): boolean {
  try {
    return sameValue(emailsOf(kept), user.emails);
  } catch {
    return false;
  }
}

function valueAt(object: Readonly<Record<string, unknown>>, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function objectAt(object: Readonly<Record<string, unknown>>, name: string): Record<string, unknown> {
  const value = valueAt(object, name);
  return isPlainObject(value) ? value : {};
}

function withoutKeys(object: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const drop = new Set(names.map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(object).filter(([key]) => !drop.has(key.toLowerCase())));
}
