import type { QueryCondition, QuerySort, UserQuery, UserQueryField, User, QueryPage } from '@roster/core';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { asFilterErrors, compareWhere, invalid, MATCH_NONE, type ColumnSpec } from './query-where.ts';
import { toUser } from './user-repository.ts';

type Where = Record<string, unknown>;

const col = (column: string, type: ColumnSpec['type'], nullable = true, keyColumn?: string): ColumnSpec => ({ column, type, nullable, ...(keyColumn ? { keyColumn } : {}) });

const USER_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  id: col('id', 'uuid', false),
  userName: col('userName', 'string', false, 'userNameKey'),
  externalId: col('externalId', 'string'),
  displayName: col('displayName', 'string'),
  givenName: col('givenName', 'string'),
  familyName: col('familyName', 'string'),
  active: col('active', 'boolean', false),
  createdAt: col('createdAt', 'date', false),
  updatedAt: col('updatedAt', 'date', false),
  version: col('version', 'number', false),
};

const EMAIL_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  'email.value': col('value', 'string', false, 'valueKey'),
  'email.type': col('type', 'string'),
  'email.primary': col('primary', 'boolean', false),
};

/** A user query condition as a Prisma where-object; evaluated entirely by the database. */
export function userWhere(condition: QueryCondition<UserQueryField>): Where {
  switch (condition.kind) {
    case 'constant': return condition.value ? {} : MATCH_NONE;
    case 'and': return { AND: condition.conditions.map(userWhere) };
    case 'or': return { OR: condition.conditions.map(userWhere) };
    case 'not': return { NOT: userWhere(condition.condition) };
    case 'some':
      if (condition.collection === 'email') return { emails: { some: emailWhere(condition.condition) } };
      if (condition.collection === 'group') return { memberships: { some: groupOfUserWhere(condition.condition) } };
      throw invalid(`users have no multi-valued "${condition.collection}"`);
    case 'present': return presentWhere(condition.field);
    case 'compare': return compareUserField(condition);
  }
}

function compareUserField(condition: Extract<QueryCondition<UserQueryField>, { kind: 'compare' }>): Where {
  const { field } = condition;
  if (field.startsWith('email.')) return { emails: { some: emailWhere(condition) } };
  if (field === 'group.id') return { memberships: { some: groupOfUserWhere(condition) } };
  if (field.startsWith('profile.')) return profileWhere(field.slice('profile.'.length), condition);
  if (field.startsWith('attribute.')) return attributeWhere(field.slice('attribute.'.length), condition);
  const spec = USER_COLUMNS[field];
  if (!spec) throw invalid(`users cannot be filtered on ${field}`);
  return compareWhere(spec, condition);
}

function emailWhere(condition: QueryCondition<UserQueryField>): Where {
  switch (condition.kind) {
    case 'constant': return condition.value ? {} : { position: { lt: 0 } };
    case 'and': return { AND: condition.conditions.map(emailWhere) };
    case 'or': return { OR: condition.conditions.map(emailWhere) };
    case 'not': return { NOT: emailWhere(condition.condition) };
    case 'some': throw invalid('value paths cannot nest');
    case 'present': {
      const spec = EMAIL_COLUMNS[condition.field];
      if (!spec) throw invalid(`${condition.field} is not an email sub-attribute`);
      return spec.nullable ? { NOT: { [spec.column]: null } } : {};
    }
    case 'compare': {
      const spec = EMAIL_COLUMNS[condition.field];
      if (!spec) throw invalid(`${condition.field} is not an email sub-attribute`);
      return compareWhere(spec, condition);
    }
  }
}

function groupOfUserWhere(condition: QueryCondition<UserQueryField>): Where {
  if (condition.kind === 'compare' && condition.field === 'group.id') return compareWhere(col('groupId', 'uuid', false), condition);
  if (condition.kind === 'and' || condition.kind === 'or') return { [condition.kind.toUpperCase()]: condition.conditions.map(groupOfUserWhere) };
  if (condition.kind === 'constant') return condition.value ? {} : { groupId: { in: [] } };
  throw invalid('groups can be filtered by "value" only');
}

function presentWhere(field: UserQueryField): Where {
  if (field.startsWith('email.')) return { emails: { some: emailWhere({ kind: 'present', field }) } };
  if (field === 'group.id') return { memberships: { some: {} } };
  if (field.startsWith('attribute.')) return { attributes: { some: { name: field.slice('attribute.'.length) } } };
  if (field.startsWith('profile.')) return { profile: { path: [field.slice('profile.'.length)], string_starts_with: '' } };
  const spec = USER_COLUMNS[field];
  if (!spec) throw invalid(`users cannot be filtered on ${field}`);
  if (!spec.nullable) return {};
  return spec.type === 'string' ? { AND: [{ NOT: { [spec.column]: null } }, { NOT: { [spec.column]: '' } }] } : { NOT: { [spec.column]: null } };
}

function profileWhere(key: string, condition: Extract<QueryCondition<UserQueryField>, { kind: 'compare' }>): Where {
  const value = condition.value === null ? null : String(condition.value);
  const path = [key];
  // Profile values live in a JSON column; JSON path filters compare case-exactly.
  switch (condition.op) {
    case 'eq': return value === null ? { NOT: presentWhere(`profile.${key}`) } : { profile: { path, equals: value } };
    case 'ne': return value === null ? presentWhere(`profile.${key}`) : { NOT: { profile: { path, equals: value } } };
    case 'co': return { profile: { path, string_contains: value } };
    case 'sw': return { profile: { path, string_starts_with: value } };
    case 'ew': return { profile: { path, string_ends_with: value } };
    default: throw invalid(`"${condition.op}" is not supported on ${key}`);
  }
}

function attributeWhere(name: string, condition: Extract<QueryCondition<UserQueryField>, { kind: 'compare' }>): Where {
  const has = { attributes: { some: { name, values: { has: String(condition.value) } } } };
  // Attribute values are text[]; membership tests are exact.
  if (condition.op === 'eq') return has;
  if (condition.op === 'ne') return { NOT: has };
  throw invalid(`attributes can be compared with "eq" and "ne" only`);
}

function userOrderBy(sort: QuerySort<UserQueryField> | undefined): Prisma.UserOrderByWithRelationInput[] {
  const direction = sort?.descending ? 'desc' : 'asc';
  const spec = sort ? USER_COLUMNS[sort.field] : undefined;
  const column = spec ? (spec.keyColumn ?? spec.column) : 'createdAt';
  // RFC 7644 §3.4.2.3: sorting is stable across pages because id breaks every tie.
  return column === 'id' ? [{ id: direction }] : [{ [column]: direction }, { id: 'asc' }];
}

const withEmails = { emails: { orderBy: { position: 'asc' } } } as const satisfies Prisma.UserInclude;

/** Runs a user query: one COUNT and one page SELECT, both in the database. */
export async function queryUsers(db: Db, query: UserQuery): Promise<QueryPage<User>> {
  const where = {
    AND: [{ iamId: query.iamId }, query.includeDeprovisioned ? {} : { deprovisionedAt: null }, query.filter ? userWhere(query.filter) : {}],
  } as Prisma.UserWhereInput;
  return asFilterErrors(async () => {
    const total = await db.user.count({ where });
    if (query.limit === 0 || query.offset >= total) return { total, items: [] };
    const rows = await db.user.findMany({ where, include: withEmails, orderBy: userOrderBy(query.sort), skip: query.offset, take: query.limit });
    return { total, items: rows.map(toUser) };
  });
}
