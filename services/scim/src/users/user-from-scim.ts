import { deriveFromSource, holdsNul, isPlainObject, withoutSecrets, type Iam } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import { URN } from '../schema/schema-urns.ts';
import { getKey, primaryOf, toBoolean, toText } from './scim-values.ts';

/** A SCIM User as Roster changes: every field the IdP manages (PUT semantics: absent = cleared). */
export interface UserChanges {
  readonly fields: {
    userName: string;
    externalId: string | null;
    active: boolean;
    displayName: string | null;
    givenName: string | null;
    familyName: string | null;
    emails: { value: string; type: string | null; primary: boolean }[];
    profile: Record<string, string | null>;
  };
  /** Mapped attributes and the prefixes they replace; null when attribute sync is off. */
  readonly attributes: { readonly values: Record<string, string[]>; readonly prefixes: string[] } | null;
  /** The resource as Roster keeps it (User.sourceAttributes); see {@link keptResource}. */
  readonly sourceAttributes: Record<string, unknown>;
}

/**
 * Maps a SCIM User (RFC 7643 §4.1, §4.3) onto Roster: userName, externalId, active and emails
 * onto their fields, and the rest through the IAM's profile schema over the SCIM defaults and
 * its attribute schema (core's deriveFromSource). The resource itself is kept, so every
 * attribute and extension the IdP sent comes back on GET. `password` is never kept (Okta sends
 * it; Roster stores no passwords).
 */
export function userFromScim(iam: Iam, body: Readonly<Record<string, unknown>>): UserChanges {
  const userName = toText(getKey(body, 'userName'), 'userName');
  if (userName === null) throw new ScimError(400, '"userName" is required.', 'invalidValue');
  assertStrings(body);
  const active = getKey(body, 'active');
  const sourceAttributes = keptResource(body);
  const derived = deriveFromSource(iam, 'SCIM', sourceAttributes);
  const fields: UserChanges['fields'] = {
    userName,
    externalId: toText(getKey(body, 'externalId'), 'externalId'),
    active: active === undefined || active === null ? true : toBoolean(active, 'active'),
    displayName: derived.fields.displayName ?? null,
    givenName: derived.fields.givenName ?? null,
    familyName: derived.fields.familyName ?? null,
    emails: emailsOf(getKey(body, 'emails')),
    profile: derived.fields.profile,
  };
  return { fields, attributes: derived.attributes, sourceAttributes };
}

/**
 * The resource as Roster keeps it: as the IdP sent (or patched) it, without `password` (or any
 * other secret-like attribute) and without the read-only `id`, `meta` and `groups`, which Roster
 * answers itself (RFC 7643 §3.1, §4.1.2). The enterprise `manager` Entra ID sends as a bare id
 * string becomes the complex value RFC 7643 §4.3 defines (`{ "value": id }`); extensions left
 * empty by a PATCH are dropped.
 */
export function keptResource(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // PostgreSQL keeps no NUL in text or JSON: such a string is an invalid value, not a server error.
  if (holdsNul(body)) throw new ScimError(400, 'Strings cannot hold NUL (U+0000) characters.', 'invalidValue');
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(withoutSecrets(body))) {
    if (READ_ONLY.has(key.toLowerCase()) || value === undefined) continue;
    if (key.toLowerCase().startsWith('urn:') && isPlainObject(value)) {
      if (Object.keys(value).length === 0) continue;
      const extension = { ...value };
      const manager = Object.keys(extension).find((name) => name.toLowerCase() === 'manager');
      if (key.toLowerCase() === URN.enterprise.toLowerCase() && manager && typeof extension[manager] === 'string')
        extension[manager] = { value: extension[manager] };
      kept[key] = extension;
    } else kept[key] = value;
  }
  return kept;
}

const READ_ONLY = new Set(['id', 'meta', 'groups']);

/** RFC 7643 §2.3.1: the string attributes Roster reads must be strings (else 400 invalidValue). */
function assertStrings(body: Readonly<Record<string, unknown>>): void {
  const name = getKey(body, 'name');
  const nameObject = isPlainObject(name) ? name : {};
  const enterprise = getKey(body, URN.enterprise);
  const ext = isPlainObject(enterprise) ? enterprise : {};
  toText(getKey(body, 'displayName'), 'displayName');
  toText(getKey(nameObject, 'givenName'), 'name.givenName');
  toText(getKey(nameObject, 'familyName'), 'name.familyName');
  toText(getKey(body, 'title'), 'title');
  toText(primaryOf(getKey(body, 'phoneNumbers'))?.['value'], 'phoneNumbers');
  toText(getKey(ext, 'department'), 'department');
  toText(getKey(ext, 'organization'), 'organization');
  toText(primaryOf(getKey(body, 'addresses'))?.['locality'], 'addresses');
}

/** The emails of a resource as Roster stores them: a value each, at most one primary. */
export function emailsOf(value: unknown): UserChanges['fields']['emails'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ScimError(400, '"emails" must be an array.', 'invalidValue');
  const emails = value.filter(isPlainObject).flatMap((email) => {
    const address = toText(getKey(email, 'value'), 'emails.value');
    if (address === null) return [];
    const primary = getKey(email, 'primary');
    return [
      {
        value: address,
        type: toText(getKey(email, 'type'), 'emails.type'),
        primary: primary === undefined || primary === null ? false : toBoolean(primary, 'emails.primary'),
      },
    ];
  });
  // RFC 7643 §2.4: at most one primary; keep the first one marked.
  let seen = false;
  return emails.map((email) => {
    const primary = email.primary && !seen;
    seen ||= email.primary;
    return { ...email, primary };
  });
}
