import type {
  CompareOperator,
  QueryCondition,
  QueryValue,
  UserListFilter,
  UserListInclude,
  UserListOrder,
  UserListPage,
  UserListPosition,
  UserQueryField,
} from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { allOf, FALSE, type Sql } from './query-sql.ts';
import { userConditionSql } from './user-filter-sql.ts';
import { isUuid } from './user-repository.ts';
import { GROUP_ROW_JSON, toGroupRecord, type GroupRecord, type GroupRowJson } from './group-records.ts';
import { membershipPageKey, membershipRangeSql, USER_GROUPS, type MembershipPageRequest } from './membership-pages.ts';
import type { UserEmailView } from './user-relations-query.ts';
import { parseUserRecords, readUserRecord, USER_EMAILS_JSON, USER_RECORD_JSON, type UserRecord, type Writable } from './user-records.ts';

const { sql } = Prisma;

// The shapes of the read port (core's read-model.ts), re-exported for the store's own callers.
export type { UserListFilter, UserListOrder, UserListPage, UserListPosition } from '@roster/core';

// The column each order sorts by; only displayName can be NULL (PostgreSQL puts NULLs last in an
// ascending order and first in a descending one, and so do the keyset conditions below).
const ORDER_COLUMNS = {
  userName: { column: sql`u."userNameKey"`, type: sql`text`, nullable: false },
  displayName: { column: sql`u."displayName"`, type: sql`text`, nullable: true },
  createdAt: { column: sql`u."createdAt"`, type: sql`timestamptz`, nullable: false },
  updatedAt: { column: sql`u."updatedAt"`, type: sql`timestamptz`, nullable: false },
} as const;

export type { UserListInclude } from '@roster/core';

/** A listed user, with the relations the list was asked to include (core's ListedUser). */
export interface ListedUser extends UserRecord {
  /** The user's emails, by position (when included). */
  readonly emails?: UserEmailView[];
  /** The user's group pages that were included, by {@link membershipPageKey}. */
  readonly groupPages?: { get(key: string): GroupRecord[] | undefined };
  /** The included page of the user's groups these arguments read, or undefined. */
  includedGroupPage?(request: MembershipPageRequest): GroupRecord[] | undefined;
}

/** {@link ListedUser.includedGroupPage}: one function shared by every listed user (no closure per row). */
function includedGroupPage(this: ListedUser, request: MembershipPageRequest): GroupRecord[] | undefined {
  return this.groupPages?.get(membershipPageKey(request));
}

type ListedUserJson = [user: unknown[], emails: [value: string, type: string | null, primary: boolean][] | null];
type GroupPageRow = [userId: string, page: number, groupId: string];

/**
 * A page of users in one statement: the filter, the order and the keyset condition in SQL, the
 * rows as one JSON text, with the relations asked for: each user's emails and group pages are
 * index range scans, and the groups on those pages are read once each, however many users share
 * them. The index on (iamId, userNameKey) serves the default order.
 */
export async function listUsers(db: SqlReader, page: UserListPage, include: UserListInclude = {}): Promise<ListedUser[]> {
  if (page.take === 0) return [];
  const backwards = page.take < 0;
  // A backward page reads the order reversed from its end, and is put back in order in the aggregate.
  const scan = page.descending !== backwards;
  const { column } = ORDER_COLUMNS[page.order];
  const where = allOf([userListWhere(page), ...(page.cursor ? [follows(page.order, scan, page.cursor)] : [])]);
  const groupPages = (include.groupPages ?? []).filter((request) => request.take !== 0);
  const answer = await db.one<{ users: string | null; pages: string | null; groups: string | null }>(Prisma.sql`
    WITH u AS MATERIALIZED (SELECT * FROM "User" u WHERE ${where} ORDER BY ${orderBy(column, scan)} LIMIT ${Math.abs(page.take)}::int)
      ${groupPages.length === 0 ? sql`` : sql`, p AS MATERIALIZED (SELECT u.id AS "userId", k.k, k.id AS "groupId" FROM u CROSS JOIN LATERAL (${Prisma.join(groupPages.map(groupPageSql), ' UNION ALL ')}) k)`}
    SELECT (SELECT json_agg(json_build_array(${USER_RECORD_JSON}, ${include.emails ? USER_EMAILS_JSON : sql`NULL`}) ORDER BY ${orderBy(column, page.descending)}) FROM u)::text AS users,
      ${
        groupPages.length === 0
          ? sql`NULL::text AS pages, NULL::text AS groups`
          : sql`
        (SELECT json_agg(json_build_array(p."userId", p.k, p."groupId") ORDER BY p."userId", p.k, p."groupId") FROM p)::text AS pages,
        (SELECT json_agg(${GROUP_ROW_JSON}) FROM "Group" g WHERE g.id IN (SELECT p."groupId" FROM p))::text AS groups`
      }`);
  if (answer.users === null) return [];
  const users = (JSON.parse(answer.users) as ListedUserJson[]).map(([json, emails]) => {
    const user = readUserRecord(json) as Writable<ListedUser>;
    if (include.emails) user.emails = (emails ?? []).map(([value, type, primary]) => ({ value, type, primary }));
    return user;
  });
  if (groupPages.length > 0) {
    const keys = groupPages.map(membershipPageKey);
    const byId = new Map<string, GroupRecord[][]>();
    for (const user of users) {
      const pages = keys.map((): GroupRecord[] => []);
      user.groupPages = new IncludedGroupPages(keys, pages);
      user.includedGroupPage = includedGroupPage;
      byId.set(user.id, pages);
    }
    const groups = new Map((JSON.parse(answer.groups ?? '[]') as GroupRowJson[]).map((row) => [row[0], toGroupRecord(row)]));
    for (const [userId, k, groupId] of JSON.parse(answer.pages ?? '[]') as GroupPageRow[]) byId.get(userId)![k]!.push(groups.get(groupId)!);
  }
  return users;
}

/** A listed user's group pages, by {@link membershipPageKey}; the keys are shared by the whole list. */
class IncludedGroupPages {
  constructor(
    private readonly keys: readonly string[],
    private readonly pages: readonly GroupRecord[][],
  ) {}

  get(key: string): GroupRecord[] | undefined {
    const index = this.keys.indexOf(key);
    return index < 0 ? undefined : this.pages[index];
  }
}

/** Page `k` of a user's groups as `(k, id)` rows, by group id after or before the cursor (as loadUserRelations pages them). */
function groupPageSql({ take, cursor }: MembershipPageRequest, k: number): Sql {
  const from = cursor && isUuid(cursor) ? { id: sql`${cursor}::uuid`, mayBeNull: false } : undefined;
  return sql`(SELECT ${k}::int AS k, p.id FROM (${membershipRangeSql(USER_GROUPS, sql`u.id`, sql`${Math.abs(take)}::int`, take > 0, from)}) p)`;
}

/** How many users a filter matches (a connection's `totalCount`). */
export async function countUsers(db: SqlReader, filter: UserListFilter): Promise<number> {
  const row = await db.one<{ total: number }>(Prisma.sql`SELECT count(*)::int AS total FROM "User" u WHERE ${userListWhere(filter)}`);
  return Number(row.total);
}

/** The users with these ids, in no particular order; ids that are not users are left out. */
export async function usersByIds(db: SqlReader, ids: readonly string[]): Promise<UserRecord[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const row = await db.one<{ users: string | null }>(Prisma.sql`
    SELECT json_agg(${USER_RECORD_JSON})::text AS users FROM "User" u WHERE u.id = ANY(${wanted}::uuid[])`);
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

/**
 * A list filter as core's storage-neutral query condition, so it compiles through the one filter
 * compiler SCIM's filters use. `iamId` is the list's scope, not a condition of it.
 */
export function userListCondition(filter: UserListFilter): QueryCondition<UserQueryField> {
  const conditions: QueryCondition<UserQueryField>[] = [];
  const compare = (field: UserQueryField, op: CompareOperator, value: QueryValue, caseExact: boolean): QueryCondition<UserQueryField> => ({
    kind: 'compare',
    field,
    op,
    value,
    caseExact,
  });
  if (filter.active !== undefined && filter.active !== null) conditions.push(compare('active', 'eq', filter.active, true));
  // Text in the userName, a name or an email, case-insensitively; `co` has no wildcard characters.
  const search = filter.search?.trim().toLowerCase();
  if (search) {
    const contains = (field: UserQueryField) => compare(field, 'co', search, false);
    conditions.push({
      kind: 'or',
      conditions: (['userName', 'displayName', 'givenName', 'familyName', 'email.value'] as const).map(contains),
    });
  }
  if (filter.groupId) conditions.push(compare('group.id', 'eq', filter.groupId, true));
  if (filter.attribute) {
    const field = `attribute.${filter.attribute.name}` as const;
    // With a value: that value among the attribute's values, compared exactly.
    conditions.push(filter.attribute.value ? compare(field, 'eq', filter.attribute.value, true) : { kind: 'present', field });
  }
  return { kind: 'and', conditions };
}

function userListWhere(filter: UserListFilter): Sql {
  return allOf([...(filter.iamId ? [sql`u."iamId" = ${filter.iamId}`] : []), userConditionSql(userListCondition(filter))]);
}
