import type { AttributeMap, User } from '@roster/core';
import { Prisma, type User as UserColumns } from '../generated/prisma/client.ts';
import { type USER_TABLE, USER_TABLE_COLUMNS } from './user-table.ts';

// The rows of a user as writes send them, derived from the one definition of the "User" table
// (user-table.ts): the raw, JSON-document inserts (insert-new-users.ts for SCIM creates,
// bulk-repository.ts for a directory page's emails and attributes; its users go in a shorter
// form of their own) and the repository's Prisma writes. Key columns included.

type Table = typeof USER_TABLE;
type Written = { -readonly [K in keyof Table]: ReturnType<Table[K]['write']> };
type InsertOnly = { [K in keyof Table]: Table[K] extends { readonly insertOnly: true } ? K : never }[keyof Table];
type Updated = Omit<Written, InsertOnly>;

/** A user as one "User" row, every column. */
export function userRow(user: User): Written {
  const row: Record<string, unknown> = {};
  for (const [name, column] of USER_TABLE_COLUMNS) row[name] = column.write(user);
  return row as Written;
}

/** The columns an update of the user writes (all but those set once, at insert). */
export function userUpdateColumns(user: User): Updated {
  const row: Record<string, unknown> = {};
  for (const [name, column] of USER_TABLE_COLUMNS) if (!column.insertOnly) row[name] = column.write(user);
  return row as Updated;
}

/** The "User" columns as an SQL list (`"id", "iamId", ...`), `alias.` before each when given: for an INSERT of {@link userRow}s. */
export function userColumnList(alias?: string): Prisma.Sql {
  const prefix = alias ? `${alias}.` : '';
  return Prisma.raw(USER_TABLE_COLUMNS.map(([name]) => `${prefix}"${name satisfies keyof UserColumns}"`).join(', '));
}

/** The users' emails as "UserEmail" rows, in each user's order. */
export function emailRows(users: readonly User[]) {
  return users.flatMap((user) =>
    user.emails.map((email, position) => ({
      userId: user.id,
      position,
      iamId: user.iamId,
      value: email.value,
      valueKey: email.value.toLowerCase(),
      type: email.type ?? null,
      primary: email.primary ?? false,
    })),
  );
}

/** Attribute maps by user id as "UserAttribute" rows. */
export function attributeRows(attributesByUser: Iterable<readonly [string, AttributeMap]>) {
  return [...attributesByUser].flatMap(([userId, map]) => Object.entries(map).map(([name, values]) => ({ userId, name, values })));
}
