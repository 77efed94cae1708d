import type { Permission, User, UserSource } from '@roster/core';
import type { Prisma, User as UserRow } from '../generated/prisma/client.ts';

/**
 * A user as the read queries for GraphQL return it: every column of its row, without the emails
 * and the kept source attributes (fields of their own, loaded only when asked for). `userNameKey`
 * is lower(userName) as the database computed it, the key users are sorted and paged by.
 */
export interface UserRecord extends Omit<User, 'emails' | 'sourceAttributes'> {
  readonly userNameKey: string;
}

type Create = Prisma.UserUncheckedCreateInput;

/** How one column of "User" is written from core's User and, when reads return it, read back. */
export type UserColumn<K extends keyof UserRow> = {
  /** The value written: in a new row, and in an update unless `insertOnly`. */
  readonly write: (user: User) => Exclude<Create[K], undefined>;
  /** Written when the row is inserted, never changed. */
  readonly insertOnly?: true;
} & (K extends keyof UserRecord
  ? {
      /** The record's field from the column's value in `json_build_array` (timestamps are ISO text). */
      readonly read: (json: unknown) => UserRecord[K];
    }
  : { readonly read?: never });

const same = <T>(json: unknown): T => json as T;
const date = (json: unknown): Date => new Date(json as string);
const dateOrNull = (json: unknown): Date | null => (json === null ? null : new Date(json as string));

/**
 * The "User" table, every column once (the compiler checks it against the Prisma model: a column
 * added to the schema must be added here). The read statement and its parse (user-records.ts) and
 * the write maps (user-rows.ts) are derived from it, in this order.
 */
export const USER_TABLE = {
  id: { write: (user) => user.id, insertOnly: true, read: same },
  iamId: { write: (user) => user.iamId, insertOnly: true, read: same },
  userName: { write: (user) => user.userName, read: same },
  userNameKey: { write: (user) => user.userName.toLowerCase(), read: same },
  externalId: { write: (user) => user.externalId, read: same },
  externalUsername: { write: (user) => user.externalUsername, read: same },
  externalUsernameKey: { write: (user) => user.externalUsername?.toLowerCase() ?? null },
  active: { write: (user) => user.active, read: same },
  deprovisionedAt: { write: (user) => user.deprovisionedAt, read: dateOrNull },
  displayName: { write: (user) => user.displayName, read: same },
  givenName: { write: (user) => user.givenName, read: same },
  familyName: { write: (user) => user.familyName, read: same },
  profile: { write: (user) => user.profile, read: same<UserRecord['profile']> },
  source: { write: (user) => user.source, read: same<UserSource> },
  sourceAttributes: { write: (user) => user.sourceAttributes as Prisma.InputJsonObject },
  permissions: { write: (user) => [...user.permissions], read: same<Permission[]> },
  groupPermissions: { write: (user) => [...user.groupPermissions], read: same<Permission[]> },
  version: { write: (user) => user.version, read: same },
  createdAt: { write: (user) => user.createdAt, insertOnly: true, read: date },
  updatedAt: { write: (user) => user.updatedAt, read: date },
} as const satisfies { readonly [K in keyof UserRow]-?: UserColumn<K> };

type ColumnName = keyof UserRow;
type Entry = readonly [ColumnName, UserColumn<ColumnName>];

/** The columns, in table order. */
export const USER_TABLE_COLUMNS: readonly Entry[] = Object.entries(USER_TABLE) as unknown as Entry[];

// Every field of a UserRecord is a column, so reading the columns makes the whole record.
type RecordFieldsAreColumns = [Exclude<keyof UserRecord, keyof UserRow>] extends [never] ? true : never;
const recordFieldsAreColumns: RecordFieldsAreColumns = true;
void recordFieldsAreColumns;
