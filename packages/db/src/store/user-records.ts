import type { Permission, User, UserSource } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

/**
 * A user as the read queries for GraphQL return it: every column of its row, without the emails
 * and the kept source attributes (fields of their own, loaded only when asked for). `userNameKey` is lower(userName) as the
 * database computed it, the key users are sorted and paged by.
 */
export interface UserRecord extends Omit<User, 'emails' | 'sourceAttributes'> {
  readonly userNameKey: string;
}

/**
 * One user row as a positional JSON array (PostgreSQL builds arrays at half the cost of objects,
 * and no key is repeated per row). Read queries aggregate their rows into one JSON text: parsing
 * it is far cheaper than decoding row by row, column by column. Correlates with an outer `"User" u`.
 */
export const USER_RECORD_JSON = Prisma.sql`json_build_array(u.id, u."iamId", u."userName", u."userNameKey", u."externalId", u."externalUsername",
  u.active, u."deprovisionedAt", u."displayName", u."givenName", u."familyName", u.profile, u.source, u.permissions, u."groupPermissions",
  u.version, u."createdAt", u."updatedAt")`;

/** The JSON shape of {@link USER_RECORD_JSON}: timestamps are ISO strings. */
export type UserRecordJson = [
  id: string,
  iamId: string,
  userName: string,
  userNameKey: string,
  externalId: string | null,
  externalUsername: string | null,
  active: boolean,
  deprovisionedAt: string | null,
  displayName: string | null,
  givenName: string | null,
  familyName: string | null,
  profile: UserRecord['profile'],
  source: UserSource,
  permissions: Permission[],
  groupPermissions: Permission[],
  version: number,
  createdAt: string,
  updatedAt: string,
];

/** A user from its JSON array (timestamps become Dates). */
export function toUserRecord([
  id,
  iamId,
  userName,
  userNameKey,
  externalId,
  externalUsername,
  active,
  deprovisionedAt,
  displayName,
  givenName,
  familyName,
  profile,
  source,
  permissions,
  groupPermissions,
  version,
  createdAt,
  updatedAt,
]: UserRecordJson): UserRecord {
  return {
    id,
    iamId,
    userName,
    userNameKey,
    externalId,
    externalUsername,
    active,
    deprovisionedAt: deprovisionedAt === null ? null : new Date(deprovisionedAt),
    displayName,
    givenName,
    familyName,
    profile,
    source,
    permissions,
    groupPermissions,
    version,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
  };
}

/** A type's fields, writable: for adding to records a query has just built. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Users from a JSON array of {@link USER_RECORD_JSON} objects (NULL: none). */
export function parseUserRecords(text: string | null): UserRecord[] {
  return text === null ? [] : (JSON.parse(text) as UserRecordJson[]).map(toUserRecord);
}
