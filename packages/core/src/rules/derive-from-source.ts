import type { Iam, User } from '../model.ts';
import { mapAttributes } from './attribute-mapping.ts';
import { mapProfile, PROFILE_FIELDS, type ProfileField, type ProfileSchema } from './profile-mapping.ts';
import type { SourceAttributes } from './source-attributes.ts';

/** Which channel a kept source came from; it decides the source's shape and profile defaults. */
export type SourceKind = 'SCIM' | 'LDAP' | 'SSO';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * Profile fields each kind of source fills when the IAM's profile schema does not name them: the
 * SCIM User and enterprise attributes (RFC 7643 §4.1, §4.3) and inetOrgPerson's names. SSO logins
 * fill only what the profile schema maps. SCIM emails are never mapped: they are the resource's own.
 */
export const DEFAULT_PROFILE_SCHEMAS: Readonly<Record<SourceKind, ProfileSchema>> = {
  SCIM: {
    displayName: 'displayName',
    givenName: 'name.givenName',
    familyName: 'name.familyName',
    title: 'title',
    phoneNumber: 'phoneNumbers',
    department: `${ENTERPRISE}:department`,
    organization: `${ENTERPRISE}:organization`,
    location: 'addresses.locality',
  },
  LDAP: { displayName: 'cn', givenName: 'givenName', familyName: 'sn', email: 'mail' },
  SSO: {},
};

/** The user fields a profile schema fills; `null` clears a field. */
export interface DerivedFields {
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  emails?: { value: string; type: string; primary: boolean }[];
  profile: Record<string, string | null>;
}

/** What an IAM's profile and attribute schemas make of a kept source. */
export interface DerivedUserData {
  readonly fields: DerivedFields;
  /** Mapped attributes and the prefixes they replace; null when attribute sync is off. */
  readonly attributes: { readonly values: Record<string, string[]>; readonly prefixes: string[] } | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Applies the IAM's profile schema (over the kind's defaults) and, with attribute sync on, its
 * attribute schema to a source. SCIM and LDAP sources are complete: every field their schema
 * names is set, to null when the source lacks it. An SSO login sets only the mapped fields it
 * carries, so an IdP that leaves a claim out does not blank the field.
 */
export function deriveFromSource(iam: Iam, kind: SourceKind, source: SourceAttributes): DerivedUserData {
  const schema: ProfileSchema = { ...DEFAULT_PROFILE_SCHEMAS[kind], ...iam.settings.profileSchema };
  if (kind === 'SCIM') delete schema.email;
  const values = mapProfile(source, schema);
  const fields: DerivedFields = { profile: {} };
  const complete = kind !== 'SSO';
  for (const field of PROFILE_FIELDS) {
    if (schema[field] === undefined || (!complete && values[field] === undefined)) continue;
    setField(fields, field, values[field] ?? null, complete);
  }
  const rules = iam.settings.attributeSchema;
  const attributes =
    iam.settings.syncAttributes && rules.length > 0 ? { values: mapAttributes(source, rules), prefixes: attributePrefixes(rules) } : null;
  return { fields, attributes };
}

/** The prefixes an attribute schema manages. */
export function attributePrefixes(rules: Iam['settings']['attributeSchema']): string[] {
  return [...new Set(rules.map((rule) => rule.prefix))];
}

/**
 * The kind of source a user's kept source is: a directory entry in an LDAP IAM, else the channel
 * that made (or took over) the user; users made by an administrator or at login keep what their
 * logins sent.
 */
export function sourceKindOf(iam: Iam, user: Pick<User, 'source'>): SourceKind {
  if (iam.type === 'LDAP') return 'LDAP';
  return user.source === 'ADMIN' ? 'SSO' : user.source;
}

function setField(fields: DerivedFields, field: ProfileField, value: string | null, complete: boolean): void {
  if (field === 'email') {
    // An address that is not one is left out, as if the source had none (LDAP `mail` is free text).
    if (value !== null && EMAIL.test(value)) fields.emails = [{ value, type: 'work', primary: true }];
    else if (complete) fields.emails = [];
  } else if (field === 'displayName' || field === 'givenName' || field === 'familyName') {
    fields[field] = value;
  } else {
    fields.profile[field] = value;
  }
}
