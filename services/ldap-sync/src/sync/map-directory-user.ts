import { deriveFromSource, type Iam, type UpdateUserInput } from '@roster/core';
import type { DirectoryEntry } from '../ldap/ldap-directory.ts';
import { keptEntryAttributes } from './kept-entry.ts';
import { attributeValues } from './sync-context.ts';

/** A directory user as Roster will store it. */
export interface DirectoryUser {
  readonly dn: string;
  readonly externalId: string;
  readonly userName: string;
  /** False when Active Directory's userAccountControl has the ACCOUNTDISABLE bit. */
  readonly active: boolean;
  readonly patch: UpdateUserInput & { readonly userName: string };
  /** Mapped attributes; null when the IAM does not sync attributes. */
  readonly attributes: Record<string, string[]> | null;
  /** The entry's attributes as Roster keeps them (see keptEntryAttributes). */
  readonly sourceAttributes: Record<string, string[]>;
  readonly memberOf: readonly string[];
}

/** What the mapping needs: the attribute naming the user, and the IAM's schemas. */
export interface UserMapping {
  readonly userIdAttribute: string;
  readonly iam: Iam;
}

const ACCOUNTDISABLE = 0x2;

/**
 * Maps a directory entry to a user, or null when it lacks the user ID attribute. The stable id is
 * entryUUID (OpenLDAP, Okta) or objectGUID (AD), falling back to the DN. Profile fields and
 * attributes come from the entry through the IAM's schemas (core's deriveFromSource, over the
 * inetOrgPerson defaults cn, givenName, sn, mail); the entry itself is kept.
 */
export function mapDirectoryUser(entry: DirectoryEntry, mapping: UserMapping): DirectoryUser | null {
  const attrs = entry.attributes;
  const get = (name: string): readonly string[] => attributeValues(attrs, name);
  const userName = get(mapping.userIdAttribute)[0]?.trim();
  if (!userName) return null;
  const sourceAttributes = keptEntryAttributes(attrs);
  const derived = deriveFromSource(mapping.iam, 'LDAP', sourceAttributes);
  const uac = Number(get('userAccountControl')[0] ?? 0);
  return {
    dn: entry.dn,
    externalId: get('objectGUID')[0] ?? get('entryUUID')[0] ?? entry.dn.toLowerCase(),
    userName,
    active: (uac & ACCOUNTDISABLE) === 0,
    patch: { ...derived.fields, userName },
    attributes: derived.attributes?.values ?? null,
    sourceAttributes,
    memberOf: get('memberOf'),
  };
}
