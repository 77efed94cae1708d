import type { Group, GroupQuery, GroupQueryField, QueryCondition, QueryPage } from '@roster/core';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { GROUP_COLUMNS } from './group-repository.ts';
import { asFilterErrors, compareWhere, invalid, MATCH_NONE, type ColumnSpec } from './query-where.ts';

type Where = Record<string, unknown>;

const COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  id: { column: 'id', type: 'uuid', nullable: false },
  displayName: { column: 'displayName', type: 'string', nullable: false, keyColumn: 'displayNameKey' },
  externalId: { column: 'externalId', type: 'string', nullable: true },
  createdAt: { column: 'createdAt', type: 'date', nullable: false },
  updatedAt: { column: 'updatedAt', type: 'date', nullable: false },
  version: { column: 'version', type: 'number', nullable: false },
};

/** A group query condition as a Prisma where-object. */
export function groupWhere(condition: QueryCondition<GroupQueryField>): Where {
  switch (condition.kind) {
    case 'constant':
      return condition.value ? {} : MATCH_NONE;
    case 'and':
      return { AND: condition.conditions.map(groupWhere) };
    case 'or':
      return { OR: condition.conditions.map(groupWhere) };
    case 'not':
      return { NOT: groupWhere(condition.condition) };
    case 'some':
      if (condition.collection !== 'member') throw invalid(`groups have no multi-valued "${condition.collection}"`);
      return { memberships: { some: memberWhere(condition.condition) } };
    case 'present':
      if (condition.field === 'member.id') return { memberships: { some: {} } };
      return COLUMNS[condition.field]?.nullable ? { NOT: { [condition.field]: null } } : {};
    case 'compare': {
      if (condition.field === 'member.id') return { memberships: { some: memberWhere(condition) } };
      const spec = COLUMNS[condition.field];
      if (!spec) throw invalid(`groups cannot be filtered on ${condition.field}`);
      return compareWhere(spec, condition);
    }
  }
}

function memberWhere(condition: QueryCondition<GroupQueryField>): Where {
  if (condition.kind === 'compare' && condition.field === 'member.id')
    return compareWhere({ column: 'userId', type: 'uuid', nullable: false }, condition);
  if (condition.kind === 'and' || condition.kind === 'or') return { [condition.kind.toUpperCase()]: condition.conditions.map(memberWhere) };
  if (condition.kind === 'constant') return condition.value ? {} : { userId: { in: [] } };
  throw invalid('members can be filtered by "value" only');
}

/** Runs a group query in the database: one COUNT, one page SELECT; members are never loaded. */
export async function queryGroups(db: Db, query: GroupQuery): Promise<QueryPage<Group>> {
  const where = { AND: [{ iamId: query.iamId }, query.filter ? groupWhere(query.filter) : {}] } as Prisma.GroupWhereInput;
  const spec = query.sort ? COLUMNS[query.sort.field] : undefined;
  const direction = query.sort?.descending ? 'desc' : 'asc';
  const column = spec ? (spec.keyColumn ?? spec.column) : 'createdAt';
  const orderBy = (
    column === 'id' ? [{ id: direction }] : [{ [column]: direction }, { id: 'asc' }]
  ) as Prisma.GroupOrderByWithRelationInput[];
  return asFilterErrors(async () => {
    const total = await db.group.count({ where });
    if (query.limit === 0 || query.offset >= total) return { total, items: [] };
    return { total, items: await db.group.findMany({ where, select: GROUP_COLUMNS, orderBy, skip: query.offset, take: query.limit }) };
  });
}
