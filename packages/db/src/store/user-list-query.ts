import { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { allOf, anyOf, FALSE, type Sql } from './query-sql.ts';
import { isUuid } from './user-repository.ts';
import { parseUserRecords, USER_RECORD_JSON, type UserRecord } from './user-records.ts';

const { sql } = Prisma;

/** What a list of users (GraphQL `users`) is narrowed to; every condition runs in the database. */
export interface UserListFilter {
  readonly iamId?: string | null | undefined;
  readonly active?: boolean | null | undefined;
  /** Case-insensitive text in the userName, the names or an email; `%` and `_` are literal. */
  readonly search?: string | null | undefined;
  /** Members of this group. */
  readonly groupId?: string | null | undefined;
  /** Users with this attribute; with a value, with that value among its values (compared exactly). */
  readonly attribute?: { readonly name: string; readonly value?: string | null | undefined } | null | undefined;
}

/** The orders a list of users comes in; each is broken by id, in the same direction. */
export type UserListOrder = 'userName' | 'displayName' | 'createdAt' | 'updatedAt';

/** Where a user stands in an order: the order column's value (as text; null sorts last ascending) and the id. */
export interface UserListPosition {
  readonly value: string | null;
  readonly id: string;
}

/** One page of a list of users, keyset-paged. */
export interface UserListPage extends UserListFilter {
  readonly order: UserListOrder;
  readonly descending: boolean;
  /**
   * Rows to read: > 0 forwards from the start (or after `cursor`), < 0 backwards from the end (or
   * before `cursor`), as Prisma's `take` and Relay's `first`/`last` count. Rows come back in the
   * order either way.
   */
  readonly take: number;
  readonly cursor?: UserListPosition | undefined;
}

// The column each order sorts by; only displayName can be NULL (PostgreSQL puts NULLs last in an
// ascending order and first in a descending one, and so do the keyset conditions below).
const ORDER_COLUMNS = {
  userName: { column: sql`u."userNameKey"`, type: sql`text`, nullable: false },
  displayName: { column: sql`u."displayName"`, type: sql`text`, nullable: true },
  createdAt: { column: sql`u."createdAt"`, type: sql`timestamptz`, nullable: false },
  updatedAt: { column: sql`u."updatedAt"`, type: sql`timestamptz`, nullable: false },
} as const;

/**
 * A page of users in one statement: the filter, the order and the keyset condition in SQL, the
 * rows as one JSON text. The index on (iamId, userNameKey) serves the default order.
 */
export async function listUsers(db: Db, page: UserListPage): Promise<UserRecord[]> {
  if (page.take === 0) return [];
  const backwards = page.take < 0;
  // A backward page reads the order reversed from its end, and is put back in order in the aggregate.
  const scan = page.descending !== backwards;
  const { column } = ORDER_COLUMNS[page.order];
  const where = allOf([userListWhere(page), ...(page.cursor ? [follows(page.order, scan, page.cursor)] : [])]);
  const [row] = await db.$queryRaw<[{ users: string | null }]>`
    SELECT json_agg(${USER_RECORD_JSON} ORDER BY ${orderBy(column, page.descending)})::text AS users
      FROM (SELECT * FROM "User" u WHERE ${where} ORDER BY ${orderBy(column, scan)} LIMIT ${Math.abs(page.take)}::int) u`;
  return parseUserRecords(row.users);
}

/** How many users a filter matches (a connection's `totalCount`). */
export async function countUsers(db: Db, filter: UserListFilter): Promise<number> {
  const [row] = await db.$queryRaw<[{ total: number }]>`SELECT count(*)::int AS total FROM "User" u WHERE ${userListWhere(filter)}`;
  return Number(row.total);
}

/** The users with these ids, in no particular order; ids that are not users are left out. */
export async function usersByIds(db: Db, ids: readonly string[]): Promise<UserRecord[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const [row] = await db.$queryRaw<[{ users: string | null }]>`
    SELECT json_agg(${USER_RECORD_JSON})::text AS users FROM "User" u WHERE u.id = ANY(${wanted}::uuid[])`;
  return parseUserRecords(row.users);
}

/** A user's position in an order, for a cursor. */
export function userListPosition(user: UserRecord, order: UserListOrder): UserListPosition {
  const value = order === 'userName' ? user.userNameKey : order === 'displayName' ? user.displayName : user[order].toISOString();
  return { value, id: user.id };
}

function orderBy(column: Sql, descending: boolean): Sql {
  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  return sql`${column} ${direction}, u.id ${direction}`;
}

/**
 * The rows that come after `position` in the order (ascending or descending, NULLs last when
 * ascending and first when descending, ties broken by id in the same direction).
 */
function follows(order: UserListOrder, descending: boolean, position: UserListPosition): Sql {
  const { column, type, nullable } = ORDER_COLUMNS[order];
  if (!isUuid(position.id)) return FALSE;
  const id = sql`${position.id}::uuid`;
  const later = descending ? sql`<` : sql`>`;
  if (position.value === null) {
    // Only displayName is ever NULL. Ascending, the NULLs come last: after one of them, only later
    // NULLs. Descending, they come first: every non-NULL value follows them.
    return descending ? sql`(${column} IS NOT NULL OR u.id < ${id})` : sql`(${column} IS NULL AND u.id > ${id})`;
  }
  const value = sql`${position.value}::${type}`;
  const after = sql`(${column} ${later} ${value} OR (${column} = ${value} AND u.id ${later} ${id}))`;
  return nullable && !descending ? sql`(${column} IS NULL OR ${after})` : after;
}

function userListWhere(filter: UserListFilter): Sql {
  const search = filter.search?.trim();
  return allOf([
    ...(filter.iamId ? [sql`u."iamId" = ${filter.iamId}`] : []),
    ...(filter.active === undefined || filter.active === null ? [] : [sql`u.active = ${filter.active}`]),
    ...(search ? [mentions(search.toLowerCase())] : []),
    ...(filter.groupId ? [isUuid(filter.groupId) ? sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id AND m."groupId" = ${filter.groupId}::uuid)` : FALSE] : []),
    ...(filter.attribute ? [hasAttribute(filter.attribute.name, filter.attribute.value)] : []),
  ]);
}

/** Text (already lower-cased) in the userName, a name or an email; strpos, so no character is a wildcard. */
function mentions(text: string): Sql {
  const contains = (expr: Sql) => sql`strpos(${expr}, ${text}) > 0`;
  return anyOf([
    contains(sql`u."userNameKey"`),
    contains(sql`lower(u."displayName")`),
    contains(sql`lower(u."givenName")`),
    contains(sql`lower(u."familyName")`),
    sql`EXISTS (SELECT 1 FROM "UserEmail" e WHERE e."userId" = u.id AND ${contains(sql`e."valueKey"`)})`,
  ]);
}

function hasAttribute(name: string, value: string | null | undefined): Sql {
  const withValue = value ? sql` AND ${value}::text = ANY(a."values")` : sql``;
  return sql`EXISTS (SELECT 1 FROM "UserAttribute" a WHERE a."userId" = u.id AND a.name = ${name}${withValue})`;
}
