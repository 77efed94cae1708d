import type { CompareCondition, QueryCondition, UserQueryField } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import { conditionSql, type SqlResource } from './filter-sql.ts';
import { asText, column, invalid, not, textCompare, type ColumnSpec, type Sql } from './query-sql.ts';

const { sql } = Prisma;
type Compare = CompareCondition<string>;

/** User columns a query can test or sort on; `keyColumn` holds lower(column). */
export const USER_COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  id: column('id', 'uuid', false),
  userName: column('userName', 'string', false, 'userNameKey'),
  externalId: column('externalId', 'string', true),
  displayName: column('displayName', 'string', true),
  givenName: column('givenName', 'string', true),
  familyName: column('familyName', 'string', true),
  active: column('active', 'boolean', false),
  createdAt: column('createdAt', 'date', false),
  updatedAt: column('updatedAt', 'date', false),
  version: column('version', 'number', false),
};

const hasAttribute = (name: string): Sql =>
  sql`EXISTS (SELECT 1 FROM "UserAttribute" a WHERE a."userId" = u."id" AND a."name" = ${name}::text)`;
// A multi-valued attribute matches when any one of its values does.
const someAttributeValue = (name: string, test: Sql): Sql =>
  sql`EXISTS (SELECT 1 FROM "UserAttribute" a CROSS JOIN LATERAL unnest(a."values") AS v(value) WHERE a."userId" = u."id" AND a."name" = ${name}::text AND ${test})`;
const profileValue = (key: string): Sql => sql`(u."profile" ->> ${key}::text)`;

function nullCompare(condition: Compare, present: Sql): Sql {
  if (condition.op === 'eq') return not(present);
  if (condition.op === 'ne') return present;
  throw invalid(`"${condition.op}" cannot compare with null`);
}

/**
 * Users as the filter compiler sees them, over `"User" u`: subqueries correlate with it, each an
 * EXISTS, so rows are never multiplied.
 */
export const USER_RESOURCE: SqlResource = {
  noun: 'users',
  alias: 'u',
  columns: USER_COLUMNS,
  collections: {
    email: {
      noun: 'an email',
      alias: 'e',
      some: (test) => sql`EXISTS (SELECT 1 FROM "UserEmail" e WHERE e."userId" = u."id" AND ${test})`,
      columns: {
        'email.value': column('value', 'string', false, 'valueKey'),
        'email.type': column('type', 'string', true),
        'email.primary': column('primary', 'boolean', false),
      },
    },
    group: {
      noun: 'groups',
      alias: 'm',
      comparisonsOnly: true,
      some: (test) => sql`EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND ${test})`,
      columns: { 'group.id': column('groupId', 'uuid', false) },
    },
  },
  keyed: {
    // Profile values live in a JSON column; they compare as text, following the attribute's caseExact.
    profile: {
      present(key) {
        const value = profileValue(key);
        return sql`(${value} IS NOT NULL AND ${value} <> '')`;
      },
      compare(key, condition) {
        if (condition.value === null) return nullCompare(condition, this.present(key));
        const { op, caseExact } = condition;
        return textCompare(profileValue(key), op, asText(condition.value), { caseExact, nullable: true });
      },
    },
    // Attribute values are text[]; `ne` holds when no value is equal, every other operator when one value matches.
    attribute: {
      present: hasAttribute,
      compare(name, condition) {
        if (condition.value === null) return nullCompare(condition, hasAttribute(name));
        const { op, caseExact } = condition;
        const value = asText(condition.value);
        // An exact value is a lookup in the array (no unnest).
        if (op === 'eq' && caseExact)
          return sql`EXISTS (SELECT 1 FROM "UserAttribute" a WHERE a."userId" = u."id" AND a."name" = ${name}::text AND ${value}::text = ANY(a."values"))`;
        const matches = (o: Compare['op']) => someAttributeValue(name, textCompare(sql`v.value`, o, value, { caseExact, nullable: true }));
        return op === 'ne' ? not(matches('eq')) : matches(op);
      },
    },
  },
};

/** A user query condition as a SQL boolean over `"User" u`; evaluated entirely by the database. */
export const userConditionSql = (condition: QueryCondition<UserQueryField>): Sql => conditionSql(USER_RESOURCE, condition);
