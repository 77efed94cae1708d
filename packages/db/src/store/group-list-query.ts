import type { GroupListFilter, GroupListPage, GroupQueryField, GroupRelations, NamedAttribute, QueryCondition } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { GROUP_ROW_JSON, toGroupRecord, type GroupRecord, type GroupRowJson } from './group-records.ts';
import { conditionSql } from './filter-sql.ts';
import { GROUP_RESOURCE } from './group-query.ts';
import { allOf, FALSE, type Sql } from './query-sql.ts';
import { isUuid } from './user-repository.ts';

const { sql } = Prisma;

/**
 * A page of groups (GraphQL `groups`) in one statement: by displayNameKey then id, keyset-paged
 * from the cursor group's place in that order (a cursor naming no group reads nothing).
 */
export async function listGroups(db: SqlReader, page: GroupListPage): Promise<GroupRecord[]> {
  if (page.take === 0) return [];
  const backwards = page.take < 0;
  const [beyond, scan] = backwards ? [sql`<`, sql`DESC`] : [sql`>`, sql`ASC`];
  const from = page.cursor === undefined ? [] : [startsAfter(page.cursor, beyond)];
  const { groups } = await db.one<{ groups: string | null }>(sql`
    WITH g AS MATERIALIZED (SELECT * FROM "Group" g WHERE ${allOf([groupListWhere(page), ...from])}
      ORDER BY g."displayNameKey" ${scan}, g.id ${scan} LIMIT ${Math.abs(page.take)}::int)
    SELECT json_agg(${GROUP_ROW_JSON} ORDER BY g."displayNameKey", g.id)::text AS groups FROM g`);
  return groups === null ? [] : (JSON.parse(groups) as GroupRowJson[]).map(toGroupRecord);
}

/** How many groups the filter matches (a connection's `totalCount`). */
export async function countGroups(db: SqlReader, filter: GroupListFilter): Promise<number> {
  const row = await db.one<{ total: number }>(sql`SELECT count(*)::int AS total FROM "Group" g WHERE ${groupListWhere(filter)}`);
  return Number(row.total);
}

/** The attributes (by name) and member counts of these groups, in one statement; every id is a key. */
export async function loadGroupRelations(db: SqlReader, groupIds: readonly string[]): Promise<GroupRelations> {
  const attributes = new Map<string, NamedAttribute[]>(groupIds.map((id) => [id, []]));
  const memberCounts = new Map<string, number>(groupIds.map((id) => [id, 0]));
  const wanted = groupIds.filter(isUuid);
  if (wanted.length === 0) return { attributes, memberCounts };
  const answer = await db.one<{ attributes: string | null; counts: string | null }>(sql`
    SELECT
      (SELECT json_agg(json_build_array(a."groupId", a.name, a."values") ORDER BY a."groupId", a.name)
         FROM "GroupAttribute" a WHERE a."groupId" = ANY(${wanted}::uuid[]))::text AS attributes,
      (SELECT json_agg(json_build_array(c."groupId", c.n)) FROM
         (SELECT m."groupId", count(*)::int AS n FROM "Membership" m WHERE m."groupId" = ANY(${wanted}::uuid[]) GROUP BY m."groupId") c)::text AS counts`);
  for (const [groupId, name, values] of JSON.parse(answer.attributes ?? '[]') as [string, string, string[]][])
    attributes.get(groupId)?.push({ name, values });
  for (const [groupId, count] of JSON.parse(answer.counts ?? '[]') as [string, number][]) memberCounts.set(groupId, count);
  return { attributes, memberCounts };
}

/** Rows beyond the cursor group in (displayNameKey, id) order; NULL, so nothing, when it is gone. */
function startsAfter(cursor: string, beyond: Sql): Sql {
  if (!isUuid(cursor)) return FALSE;
  return sql`(g."displayNameKey", g.id) ${beyond} (SELECT c."displayNameKey", c.id FROM "Group" c WHERE c.id = ${cursor}::uuid)`;
}

function groupListWhere(filter: GroupListFilter): Sql {
  return allOf([...(filter.iamId ? [sql`g."iamId" = ${filter.iamId}`] : []), conditionSql(GROUP_RESOURCE, groupListCondition(filter))]);
}

/**
 * A list filter as core's storage-neutral condition, compiled by the one filter compiler SCIM's
 * group filters use: text in the displayName case-insensitively (`co`: no wildcard characters),
 * and membership of a user (an id that is no uuid matches nothing).
 */
export function groupListCondition(filter: GroupListFilter): QueryCondition<GroupQueryField> {
  const conditions: QueryCondition<GroupQueryField>[] = [];
  const search = filter.search?.trim();
  if (search) conditions.push({ kind: 'compare', field: 'displayName', op: 'co', value: search, caseExact: false });
  if (filter.memberId) conditions.push({ kind: 'compare', field: 'member.id', op: 'eq', value: filter.memberId, caseExact: true });
  return { kind: 'and', conditions };
}
