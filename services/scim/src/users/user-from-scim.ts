import { isPlainObject, mapAttributes, mapProfile, type Iam } from '@roster/core';
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
}

/**
 * Maps a SCIM User (RFC 7643 §4.1, §4.3) onto Roster: core attributes onto user fields, the
 * IAM's profile schema over the defaults, and extension URNs onto attributes under the prefixes
 * the IAM configures. `password` is never read (Okta sends it; Roster stores no passwords).
 */
export function userFromScim(iam: Iam, body: Readonly<Record<string, unknown>>): UserChanges {
  const userName = toText(getKey(body, 'userName'), 'userName');
  if (userName === null) throw new ScimError(400, '"userName" is required.', 'invalidValue');
  const name = getKey(body, 'name');
  const nameObject = isPlainObject(name) ? name : {};
  const enterprise = getKey(body, URN.enterprise);
  const ext = isPlainObject(enterprise) ? enterprise : {};
  const active = getKey(body, 'active');
  const profile: Record<string, string | null> = {
    title: toText(getKey(body, 'title'), 'title'),
    phoneNumber: toText(primaryOf(getKey(body, 'phoneNumbers'))?.['value'], 'phoneNumbers'),
    department: toText(getKey(ext, 'department'), 'department'),
    organization: toText(getKey(ext, 'organization'), 'organization'),
    location: toText(primaryOf(getKey(body, 'addresses'))?.['locality'], 'addresses'),
  };
  const fields: UserChanges['fields'] = {
    userName,
    externalId: toText(getKey(body, 'externalId'), 'externalId'),
    active: active === undefined || active === null ? true : toBoolean(active, 'active'),
    displayName: toText(getKey(body, 'displayName'), 'displayName'),
    givenName: toText(getKey(nameObject, 'givenName'), 'name.givenName'),
    familyName: toText(getKey(nameObject, 'familyName'), 'name.familyName'),
    emails: emailsOf(getKey(body, 'emails')),
    profile,
  };
  // The IAM's profile schema, where set, decides which SCIM attribute fills a profile field.
  const schema = iam.settings.profileSchema;
  const mapped = mapProfile(body, schema);
  for (const field of Object.keys(schema) as (keyof typeof schema)[]) {
    const value = mapped[field] ?? null;
    if (field === 'email') continue;
    if (field === 'displayName' || field === 'givenName' || field === 'familyName') fields[field] = value;
    else profile[field] = value;
  }
  const rules = iam.settings.attributeSchema;
  const attributes = iam.settings.syncAttributes && rules.length > 0
    ? { values: mapAttributes(body, rules), prefixes: [...new Set(rules.map((rule) => rule.prefix))] }
    : null;
  return { fields, attributes };
}

function emailsOf(value: unknown): UserChanges['fields']['emails'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ScimError(400, '"emails" must be an array.', 'invalidValue');
  const emails = value.filter(isPlainObject).flatMap((email) => {
    const address = toText(getKey(email, 'value'), 'emails.value');
    if (address === null) return [];
    const primary = getKey(email, 'primary');
    return [{ value: address, type: toText(getKey(email, 'type'), 'emails.type'), primary: primary === undefined || primary === null ? false : toBoolean(primary, 'emails.primary') }];
  });
  // RFC 7643 §2.4: at most one primary; keep the first one marked.
  let seen = false;
  return emails.map((email) => {
    const primary = email.primary && !seen;
    seen ||= email.primary;
    return { ...email, primary };
  });
}
