import type { Permission, User, UserSource } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

/**
 * A user as the read queries for GraphQL return it: every column of its row, without the emails
 * (a field of their own, loaded only when asked for). `userNameKey` is lower(userName) as the
 * database computed it, the key users are sorted and paged by.
 */
export interface UserRecord extends Omit<User, 'emails'> {
  readonly userNameKey: string;
}

/**
 * One user row as a JSON object whose keys are UserRecord's. Read queries aggregate their rows
 * into one JSON text: parsing it is far cheaper than decoding row by row, column by column.
 * Correlates with an outer `"User" u`.
 */
export const USER_RECORD_JSON = Prisma.sql`json_build_object(
  'id', u.id, 'iamId', u."iamId", 'userName', u."userName", 'userNameKey', u."userNameKey", 'externalId', u."externalId",
  'externalUsername', u."externalUsername", 'active', u.active, 'deprovisionedAt', u."deprovisionedAt", 'displayName', u."displayName",
  'givenName', u."givenName", 'familyName', u."familyName", 'profile', u.profile, 'source', u.source, 'permissions', u.permissions,
  'groupPermissions', u."groupPermissions", 'version', u.version, 'createdAt', u."createdAt", 'updatedAt', u."updatedAt")`;

/** The JSON shape of {@link USER_RECORD_JSON}: timestamps are ISO strings. */
export type UserRecordJson = Omit<UserRecord, 'deprovisionedAt' | 'createdAt' | 'updatedAt'> & { deprovisionedAt: string | null; createdAt: string; updatedAt: string };

/** A user from its JSON object (timestamps become Dates). */
export function toUserRecord(json: UserRecordJson): UserRecord {
  return {
    ...json,
    source: json.source as UserSource,
    permissions: json.permissions as Permission[],
    groupPermissions: json.groupPermissions as Permission[],
    deprovisionedAt: json.deprovisionedAt === null ? null : new Date(json.deprovisionedAt),
    createdAt: new Date(json.createdAt),
    updatedAt: new Date(json.updatedAt),
  };
}

/** Users from a JSON array of {@link USER_RECORD_JSON} objects (NULL: none). */
export function parseUserRecords(text: string | null): UserRecord[] {
  return text === null ? [] : (JSON.parse(text) as UserRecordJson[]).map(toUserRecord);
}
