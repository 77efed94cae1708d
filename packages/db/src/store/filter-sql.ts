import type { CompareCondition, QueryCondition, QuerySort } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import { allOf, anyOf, columnSql, compareColumn, FALSE, invalid, not, TRUE, type ColumnSpec, type Sql } from './query-sql.ts';

const { sql } = Prisma;

/**
 * The one compiler from core's storage-neutral {@link QueryCondition} to SQL, for every filter
 * the store evaluates: SCIM's user and group filters (`queries.users` / `queries.groups`) and
 * GraphQL's users filter (`listUsers`, `countUsers`). A resource describes its table; the
 * compiler knows the RFC 7644 rules (two-valued logic, `pr`, value paths) once.
 */
export interface SqlResource {
  /** The plural noun in error messages (`users cannot be filtered on ...`). */
  readonly noun: string;
  /** The outer table's alias in the statement the condition goes into. */
  readonly alias: string;
  /** Single-valued fields, by field name. */
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Multi-valued fields, by collection name: the prefix of their fields (`email` for `email.value`). */
  readonly collections: Readonly<Record<string, SqlCollection>>;
  /** Fields that carry a key in their name (`profile.title`, `attribute.department`), by prefix. */
  readonly keyed?: Readonly<Record<string, SqlKeyedField>>;
}

/** Rows of another table that belong to the outer row (a user's emails, a group's members). */
export interface SqlCollection {
  /** `EXISTS` one of the outer row's rows for which `test` holds. */
  readonly some: (test: Sql) => Sql;
  /** The collection table's alias inside {@link some}. */
  readonly alias: string;
  /** Its fields, by full field name (`email.value`). */
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** Inside a value path only comparisons of its fields, `and`, `or` (references to another resource: `members[value eq ...]`). */
  readonly comparisonsOnly?: boolean;
  /** The singular noun in error messages (`an email`, `a member`). */
  readonly noun: string;
}

/** A field family stored in a document or an array (the key is the rest of the field name). */
export interface SqlKeyedField {
  present(key: string): Sql;
  compare(key: string, condition: CompareCondition<string>): Sql;
}

/** A condition as a SQL boolean over the resource's table; it never evaluates to NULL, so `NOT` is the complement. */
export function conditionSql(resource: SqlResource, condition: QueryCondition<string>): Sql {
  const recurse = (inner: QueryCondition<string>) => conditionSql(resource, inner);
  switch (condition.kind) {
    case 'constant':
      return condition.value ? TRUE : FALSE;
    case 'and':
      return allOf(condition.conditions.map(recurse));
    case 'or':
      return anyOf(condition.conditions.map(recurse));
    case 'not':
      return not(recurse(condition.condition));
    case 'some': {
      const collection = resource.collections[condition.collection];
      if (!collection) throw invalid(`${resource.noun} have no multi-valued "${condition.collection}"`);
      return collection.some(insideSql(collection, condition.condition));
    }
    case 'present': {
      const { field } = condition;
      const inCollection = collectionOf(resource, field);
      if (inCollection) return inCollection.some(presentColumn(inCollection.alias, subColumn(inCollection, field)));
      const keyed = keyedOf(resource, field);
      if (keyed) return keyed.family.present(keyed.key);
      return presentColumn(resource.alias, columnOf(resource, field));
    }
    case 'compare': {
      const { field } = condition;
      const inCollection = collectionOf(resource, field);
      if (inCollection) return inCollection.some(insideSql(inCollection, condition));
      const keyed = keyedOf(resource, field);
      if (keyed) return keyed.family.compare(keyed.key, condition);
      return compareColumn(resource.alias, columnOf(resource, field), condition);
    }
  }
}

/** The sort of a query as an ORDER BY list; ties are broken by id ascending so pages are stable (RFC 7644 §3.4.2.3). */
export function sortSql(resource: SqlResource, sort: QuerySort<string> | undefined, defaultColumn: string): Sql {
  const direction = Prisma.raw(sort?.descending ? 'DESC' : 'ASC');
  const spec = sort ? resource.columns[sort.field] : undefined;
  const name = spec ? (spec.keyColumn ?? spec.column) : defaultColumn;
  const id = columnSql(resource.alias, 'id');
  return name === 'id' ? sql`${id} ${direction}` : sql`${columnSql(resource.alias, name)} ${direction}, ${id} ASC`;
}

// A condition on one row of a collection (inside a value path, or a field of it at the top).
function insideSql(collection: SqlCollection, condition: QueryCondition<string>): Sql {
  const recurse = (inner: QueryCondition<string>) => insideSql(collection, inner);
  switch (condition.kind) {
    case 'constant':
      return condition.value ? TRUE : FALSE;
    case 'and':
      return allOf(condition.conditions.map(recurse));
    case 'or':
      return anyOf(condition.conditions.map(recurse));
    case 'compare':
      return compareColumn(collection.alias, subColumn(collection, condition.field), condition);
    default:
      if (collection.comparisonsOnly) throw invalid(`${collection.noun} can be filtered by "value" only`);
      if (condition.kind === 'some') throw invalid('value paths cannot nest');
      if (condition.kind === 'not') return not(recurse(condition.condition));
      return presentColumn(collection.alias, subColumn(collection, condition.field));
  }
}

/** `pr`: a non-null value, and a string one non-empty (RFC 7644 §3.4.2.2). */
function presentColumn(alias: string, spec: ColumnSpec): Sql {
  if (!spec.nullable) return TRUE;
  const expr = columnSql(alias, spec.column);
  return spec.type === 'string' ? sql`(${expr} IS NOT NULL AND ${expr} <> '')` : sql`${expr} IS NOT NULL`;
}

function columnOf(resource: SqlResource, field: string): ColumnSpec {
  const spec = resource.columns[field];
  if (!spec) throw invalid(`${resource.noun} cannot be filtered on ${field}`);
  return spec;
}

function subColumn(collection: SqlCollection, field: string): ColumnSpec {
  const spec = collection.columns[field];
  if (!spec) throw invalid(`${field} is not a sub-attribute of ${collection.noun}`);
  return spec;
}

function prefixOf(field: string): string | null {
  const dot = field.indexOf('.');
  return dot < 0 ? null : field.slice(0, dot);
}

function collectionOf(resource: SqlResource, field: string): SqlCollection | undefined {
  const prefix = prefixOf(field);
  return prefix === null ? undefined : resource.collections[prefix];
}

function keyedOf(resource: SqlResource, field: string): { family: SqlKeyedField; key: string } | undefined {
  const prefix = prefixOf(field);
  const family = prefix === null ? undefined : resource.keyed?.[prefix];
  return family && prefix !== null ? { family, key: field.slice(prefix.length + 1) } : undefined;
}
