import type { Email, QueryPage, User, UserQuery, UserResource, UserResourceInclude } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { sortSql } from './filter-sql.ts';
import { allOf, type Sql } from './query-sql.ts';
import { jsonObject, parseStoredJson, profileJson } from './stored-json.ts';
import { USER_RESOURCE, userConditionSql } from './user-filter-sql.ts';
import { readUserRecord, USER_EMAILS_JSON, USER_RECORD_JSON } from './user-records.ts';
import { isUuid } from './user-repository.ts';

const { sql } = Prisma;

// A whole user as one JSON array: its row, its kept source, emails by position, attributes by
// name and (when asked) group ids in id order. Correlates with an outer `"User" u`.
const ATTRIBUTES_JSON = sql`(SELECT json_agg(json_build_array(a.name, a.values) ORDER BY a.name) FROM "UserAttribute" a WHERE a."userId" = u.id)`;
const GROUP_IDS_JSON = sql`COALESCE((SELECT json_agg(m."groupId" ORDER BY m."groupId") FROM "Membership" m WHERE m."userId" = u.id), '[]'::json)`;
/** A whole user as one JSON array (see {@link ResourceJson}), for an outer `"User" u`. */
export const resourceJson = (include: UserResourceInclude): Sql =>
  sql`json_build_array(${USER_RECORD_JSON}, u."sourceAttributes", ${USER_EMAILS_JSON}, ${ATTRIBUTES_JSON}, ${include.groupIds ? GROUP_IDS_JSON : sql`NULL`})`;

/** What {@link resourceJson} builds. */
export type ResourceJson = [
  record: unknown[],
  sourceAttributes: unknown,
  emails: [value: string, type: string | null, primary: boolean][] | null,
  attributes: [name: string, values: string[]][] | null,
  groupIds: string[] | null,
];

/**
 * A page of a user query and the number of all its matches in one statement (one round trip,
 * prepared once per connection): the filter compiled to SQL (filter-sql.ts), the page sorted and
 * cut in the database, each user with its relations. A `userName eq` lookup is one index probe.
 */
export async function queryUserResources(
  db: SqlReader,
  query: UserQuery,
  include: UserResourceInclude = {},
): Promise<QueryPage<UserResource>> {
  const where = allOf([
    sql`u."iamId" = ${query.iamId}`,
    ...(query.includeDeprovisioned ? [] : [sql`u."deprovisionedAt" IS NULL`]),
    ...(query.filter ? [userConditionSql(query.filter)] : []),
  ]);
  const order = sortSql(USER_RESOURCE, query.sort, 'createdAt');
  const { total, page } = await db.one<{ total: number; page: string | null }>(sql`
    SELECT (SELECT count(*)::int FROM "User" u WHERE ${where}) AS total,
      ${
        query.limit === 0
          ? sql`NULL::text`
          : sql`(SELECT json_agg(${resourceJson(include)} ORDER BY ${order})
        FROM (SELECT * FROM "User" u WHERE ${where} ORDER BY ${order} LIMIT ${query.limit}::int OFFSET ${query.offset}::int) u)::text`
      } AS page`);
  return { total: Number(total), items: page === null ? [] : (JSON.parse(page) as ResourceJson[]).map(readUserResource) };
}

/** The IAM's live user with this id, whole, or undefined (another IAM's user is not found either). */
export async function userResource(
  db: SqlReader,
  iamId: string,
  id: string,
  include: UserResourceInclude = {},
): Promise<UserResource | undefined> {
  if (!isUuid(id)) return undefined;
  const { found } = await db.one<{ found: string | null }>(sql`
    SELECT (SELECT ${resourceJson(include)} FROM "User" u
      WHERE u.id = ${id.toLowerCase()}::uuid AND u."iamId" = ${iamId} AND u."deprovisionedAt" IS NULL)::text AS found`);
  return found === null ? undefined : readUserResource(JSON.parse(found) as ResourceJson);
}

/** A user resource from what {@link resourceJson} built. */
export function readUserResource([json, sourceAttributes, emails, attributes, groupIds]: ResourceJson): UserResource {
  const { userNameKey: _key, ...record } = readUserRecord(json);
  const user: User = {
    ...record,
    profile: parseStoredJson(profileJson, record.profile, `User ${record.id}.profile`),
    sourceAttributes: parseStoredJson(jsonObject, sourceAttributes, `User ${record.id}.sourceAttributes`),
    emails: (emails ?? []).map(([value, type, primary]): Email => ({ value, type, primary })),
  };
  return { user, attributes: Object.fromEntries(attributes ?? []), groupIds };
}
