import type { Group, GroupQuery, QueryPage } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { conditionSql, sortSql, type SqlResource } from './filter-sql.ts';
import { GROUP_ROW_JSON, toGroupRecord, type GroupRowJson } from './group-records.ts';
import { allOf, column } from './query-sql.ts';

const { sql } = Prisma;

/** Groups as the filter compiler sees them, over `"Group" g`; `members[value eq ...]` tests one membership. */
export const GROUP_RESOURCE: SqlResource = {
  noun: 'groups',
  alias: 'g',
  columns: {
    id: column('id', 'uuid', false),
    displayName: column('displayName', 'string', false, 'displayNameKey'),
    externalId: column('externalId', 'string', true),
    createdAt: column('createdAt', 'date', false),
    updatedAt: column('updatedAt', 'date', false),
    version: column('version', 'number', false),
  },
  collections: {
    member: {
      noun: 'members',
      alias: 'm',
      comparisonsOnly: true,
      some: (test) => sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."groupId" = g."id" AND ${test})`,
      columns: { 'member.id': column('userId', 'uuid', false) },
    },
  },
};

/**
 * Runs a group query in the database, the count and the page in one statement (the filter
 * compiled to SQL by the compiler users' filters go through); members are never loaded.
 */
export async function queryGroups(db: Db, query: GroupQuery): Promise<QueryPage<Group>> {
  const where = allOf([sql`g."iamId" = ${query.iamId}`, ...(query.filter ? [conditionSql(GROUP_RESOURCE, query.filter)] : [])]);
  const order = sortSql(GROUP_RESOURCE, query.sort, 'createdAt');
  const page =
    query.limit === 0
      ? sql`NULL::text`
      : sql`(SELECT json_agg(${GROUP_ROW_JSON} ORDER BY ${order})::text FROM (
          SELECT g.* FROM "Group" g WHERE ${where} ORDER BY ${order} LIMIT ${query.limit}::int OFFSET ${query.offset}::int) g)`;
  const [answer] = await db.$queryRaw<{ total: number; groups: string | null }[]>`
    SELECT (SELECT count(*)::int FROM "Group" g WHERE ${where}) AS total, ${page} AS groups`;
  const rows = answer?.groups ? (JSON.parse(answer.groups) as GroupRowJson[]) : [];
  return {
    total: Number(answer?.total ?? 0),
    items: rows.map((row) => {
      const { displayNameKey: _key, ...group } = toGroupRecord(row);
      return group;
    }),
  };
}
