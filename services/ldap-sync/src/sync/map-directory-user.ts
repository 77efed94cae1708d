import { mapAttributes, mapProfile, type AttributeMappingRule, type ProfileSchema, type UpdateUserInput } from '@roster/core';
import type { DirectoryEntry } from '../ldap/ldap-directory.ts';
import { attributeValues } from './sync-context.ts';

/** A directory user as Roster will store it. */
export interface DirectoryUser {
  readonly dn: string;
  readonly externalId: string;
  readonly userName: string;
  /** False when Active Directory's userAccountControl has the ACCOUNTDISABLE bit. */
  readonly active: boolean;
  readonly patch: UpdateUserInput & { readonly userName: string };
  readonly attributes: Record<string, string[]> | null;
  readonly memberOf: readonly string[];
}

/** What the mapping needs from the IAM. */
export interface UserMapping {
  readonly userIdAttribute: string;
  readonly profileSchema: ProfileSchema;
  readonly attributeRules: readonly AttributeMappingRule[] | null;
}

/** Profile fields read when the IAM's profile schema does not name them (inetOrgPerson names). */
export const DEFAULT_LDAP_PROFILE: ProfileSchema = { displayName: 'cn', givenName: 'givenName', familyName: 'sn', email: 'mail' };

const ACCOUNTDISABLE = 0x2;

/**
 * Maps a directory entry to a user, or null when it lacks the user ID attribute. The stable id is
 * entryUUID (OpenLDAP, Okta) or objectGUID (AD), falling back to the DN.
 */
export function mapDirectoryUser(entry: DirectoryEntry, mapping: UserMapping): DirectoryUser | null {
  const attrs = entry.attributes;
  const get = (name: string): readonly string[] => attributeValues(attrs, name);
  const userName = get(mapping.userIdAttribute)[0]?.trim();
  if (!userName) return null;
  const profile = mapProfile(attrs, { ...DEFAULT_LDAP_PROFILE, ...mapping.profileSchema });
  const uac = Number(get('userAccountControl')[0] ?? 0);
  const { displayName, givenName, familyName, email, ...extra } = profile;
  return {
    dn: entry.dn,
    externalId: get('objectGUID')[0] ?? get('entryUUID')[0] ?? entry.dn.toLowerCase(),
    userName,
    active: (uac & ACCOUNTDISABLE) === 0,
    patch: {
      userName,
      displayName: displayName ?? null,
      givenName: givenName ?? null,
      familyName: familyName ?? null,
      emails: email && /^[^\s@]+@[^\s@]+$/.test(email) ? [{ value: email, type: 'work', primary: true }] : [],
      profile: extra,
    },
    attributes: mapping.attributeRules ? mapAttributes(attrs, mapping.attributeRules) : null,
    memberOf: get('memberOf'),
  };
}

/** A DN in one canonical spelling, for comparing DNs from different attributes. */
export function normalizeDn(dn: string): string {
  return dn.split(/(?<!\\),/).map((part) => part.trim().toLowerCase()).join(',');
}
