import type { CompareCondition, QueryCondition, UserQueryField } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import { invalid, type ColumnSpec } from './query-where.ts';
import { allOf, anyOf, asText, columnSql, compareColumn, FALSE, not, textCompare, TRUE, type Sql } from './query-sql.ts';

const { sql } = Prisma;
type Compare = CompareCondition<UserQueryField>;

const col = (column: string, type: ColumnSpec['type'], nullable = true, keyColumn?: string): ColumnSpec => ({
  column,
  type,
  nullable,
  ...(keyColumn ? { keyColumn } : {}),
});

/** User columns a query can test or sort on; `keyColumn` holds lower(column). */
export const USER_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
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
const GROUP_ID = col('groupId', 'uuid', false);

// Subqueries correlate with the outer `"User" u`; each is an EXISTS, so rows are never multiplied.
const someEmail = (test: Sql): Sql => sql`EXISTS (SELECT 1 FROM "UserEmail" e WHERE e."userId" = u."id" AND ${test})`;
const someMembership = (test: Sql): Sql => sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND ${test})`;
const hasAttribute = (name: string): Sql =>
  sql`EXISTS (SELECT 1 FROM "UserAttribute" a WHERE a."userId" = u."id" AND a."name" = ${name}::text)`;
// A multi-valued attribute matches when any one of its values does.
const someAttributeValue = (name: string, test: Sql): Sql =>
  sql`EXISTS (SELECT 1 FROM "UserAttribute" a CROSS JOIN LATERAL unnest(a."values") AS v(value) WHERE a."userId" = u."id" AND a."name" = ${name}::text AND ${test})`;
const profileValue = (key: string): Sql => sql`(u."profile" ->> ${key}::text)`;

/** A user query condition as a SQL boolean over `"User" u`; evaluated entirely by the database. */
export function userConditionSql(condition: QueryCondition<UserQueryField>): Sql {
  switch (condition.kind) {
    case 'constant':
      return condition.value ? TRUE : FALSE;
    case 'and':
      return allOf(condition.conditions.map(userConditionSql));
    case 'or':
      return anyOf(condition.conditions.map(userConditionSql));
    case 'not':
      return not(userConditionSql(condition.condition));
    case 'some':
      if (condition.collection === 'email') return someEmail(emailSql(condition.condition));
      if (condition.collection === 'group') return someMembership(groupOfUserSql(condition.condition));
      throw invalid(`users have no multi-valued "${condition.collection}"`);
    case 'present':
      return presentSql(condition.field);
    case 'compare':
      return compareSql(condition);
  }
}

function compareSql(condition: Compare): Sql {
  const { field } = condition;
  if (field.startsWith('email.')) return someEmail(compareColumn('e', emailColumn(field), condition));
  if (field === 'group.id') return someMembership(compareColumn('m', GROUP_ID, condition));
  if (field.startsWith('profile.')) return profileSql(field.slice('profile.'.length), condition);
  if (field.startsWith('attribute.')) return attributeSql(field.slice('attribute.'.length), condition);
  const spec = USER_COLUMNS[field];
  if (!spec) throw invalid(`users cannot be filtered on ${field}`);
  return compareColumn('u', spec, condition);
}

function emailColumn(field: string): ColumnSpec {
  const spec = EMAIL_COLUMNS[field];
  if (!spec) throw invalid(`${field} is not an email sub-attribute`);
  return spec;
}

function emailSql(condition: QueryCondition<UserQueryField>): Sql {
  switch (condition.kind) {
    case 'constant':
      return condition.value ? TRUE : FALSE;
    case 'and':
      return allOf(condition.conditions.map(emailSql));
    case 'or':
      return anyOf(condition.conditions.map(emailSql));
    case 'not':
      return not(emailSql(condition.condition));
    case 'some':
      throw invalid('value paths cannot nest');
    case 'present': {
      const spec = emailColumn(condition.field);
      return spec.nullable ? sql`${columnSql('e', spec.column)} IS NOT NULL` : TRUE;
    }
    case 'compare':
      return compareColumn('e', emailColumn(condition.field), condition);
  }
}

function groupOfUserSql(condition: QueryCondition<UserQueryField>): Sql {
  if (condition.kind === 'compare' && condition.field === 'group.id') return compareColumn('m', GROUP_ID, condition);
  if (condition.kind === 'and') return allOf(condition.conditions.map(groupOfUserSql));
  if (condition.kind === 'or') return anyOf(condition.conditions.map(groupOfUserSql));
  if (condition.kind === 'constant') return condition.value ? TRUE : FALSE;
  throw invalid('groups can be filtered by "value" only');
}

function presentSql(field: UserQueryField): Sql {
  if (field.startsWith('email.')) return someEmail(emailSql({ kind: 'present', field }));
  if (field === 'group.id') return someMembership(TRUE);
  if (field.startsWith('attribute.')) return hasAttribute(field.slice('attribute.'.length));
  if (field.startsWith('profile.')) {
    const value = profileValue(field.slice('profile.'.length));
    return sql`(${value} IS NOT NULL AND ${value} <> '')`;
  }
  const spec = USER_COLUMNS[field];
  if (!spec) throw invalid(`users cannot be filtered on ${field}`);
  if (!spec.nullable) return TRUE;
  const column = columnSql('u', spec.column);
  return spec.type === 'string' ? sql`(${column} IS NOT NULL AND ${column} <> '')` : sql`${column} IS NOT NULL`;
}

// Profile values live in a JSON column; they compare as text, following the attribute's caseExact.
function profileSql(key: string, condition: Compare): Sql {
  if (condition.value === null) return nullCompare(condition, presentSql(`profile.${key}`));
  return textCompare(profileValue(key), condition.op, asText(condition.value), { caseExact: condition.caseExact, nullable: true });
}

// Attribute values are text[]; `ne` holds when no value is equal, every other operator when one value matches.
function attributeSql(name: string, condition: Compare): Sql {
  if (condition.value === null) return nullCompare(condition, hasAttribute(name));
  const { op, caseExact } = condition;
  const value = asText(condition.value);
  const matches = (o: Compare['op']) => someAttributeValue(name, textCompare(sql`v.value`, o, value, { caseExact, nullable: true }));
  return op === 'ne' ? not(matches('eq')) : matches(op);
}

function nullCompare(condition: Compare, present: Sql): Sql {
  if (condition.op === 'eq') return not(present);
  if (condition.op === 'ne') return present;
  throw invalid(`"${condition.op}" cannot compare with null`);
}
