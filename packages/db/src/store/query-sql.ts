import { RosterError, type CompareCondition, type CompareOperator, type QueryValue } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

/**
 * Query conditions as parameterized SQL (`Prisma.sql`): every literal is a bound parameter, and
 * every fragment is two-valued (never NULL), so `NOT` means what a SCIM client expects — a user
 * without a title is matched by `not (title eq "x")`, as it is by `title ne "x"`.
 */
export type Sql = Prisma.Sql;

const { sql } = Prisma;

/** How a column is compared: case-insensitive text can use a lower-cased key column instead. */
export interface ColumnSpec {
  readonly column: string;
  readonly type: 'string' | 'boolean' | 'number' | 'date' | 'uuid';
  /** A column holding lower(column), used when the comparison is not case-exact. */
  readonly keyColumn?: string;
  readonly nullable: boolean;
}

/** A column of one of the store's tables (identifiers come from these tables, never from a query). */
export const column = (name: string, type: ColumnSpec['type'], nullable: boolean, keyColumn?: string): ColumnSpec => ({
  column: name,
  type,
  nullable,
  ...(keyColumn ? { keyColumn } : {}),
});

/** A well-formed UUID: anything else can match no id. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A filter the store cannot evaluate: the adapter reports it as an invalid filter. */
export function invalid(message: string): RosterError {
  return new RosterError('VALIDATION_FAILED', message, { details: { filter: true } });
}

/** The literal as the column's type; a literal of another type is an invalid filter. */
export function coerce(spec: ColumnSpec, value: Exclude<QueryValue, null>): unknown {
  switch (spec.type) {
    case 'string':
      return asText(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(`${spec.column} is a boolean`);
      return value;
    case 'number':
      if (typeof value !== 'number') throw invalid(`${spec.column} is a number`);
      return value;
    case 'date': {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
      if (!date || Number.isNaN(date.getTime())) throw invalid(`${spec.column} is a dateTime`);
      return date;
    }
    default:
      return value;
  }
}

export const TRUE: Sql = sql`TRUE`;
export const FALSE: Sql = sql`FALSE`;

/** `alias."column"`; identifiers come from the store's own column tables, never from a query. */
export const columnSql = (alias: string, column: string): Sql => Prisma.raw(`${alias}."${column}"`);

/** Conjunction; the empty conjunction is true. */
export const allOf = (parts: readonly Sql[]): Sql => (parts.length === 0 ? TRUE : sql`(${Prisma.join(parts, ' AND ')})`);

/** Disjunction; the empty disjunction is false. */
export const anyOf = (parts: readonly Sql[]): Sql => (parts.length === 0 ? FALSE : sql`(${Prisma.join(parts, ' OR ')})`);

/** Negation of a two-valued fragment. */
export const not = (part: Sql): Sql => sql`(NOT ${part})`;

/** How a text expression is compared. */
export interface TextOptions {
  readonly caseExact: boolean;
  /** The expression can be NULL (a missing value); it then matches `ne` only. */
  readonly nullable: boolean;
  /** The expression already holds lower(value) (a key column): the literal is lower-cased instead. */
  readonly lowered?: boolean;
}

/**
 * A string comparison (RFC 7644 §3.4.2.2). Not case-exact, both sides are lower-cased. `co`, `sw`
 * and `ew` use strpos/starts_with/right, never LIKE, so `%`, `_` and `\` in the value are literal.
 */
export function textCompare(expr: Sql, op: CompareOperator, value: string, options: TextOptions): Sql {
  const [left, right] = options.caseExact
    ? [expr, sql`${value}::text`]
    : options.lowered
      ? [expr, sql`${value.toLowerCase()}::text`]
      : [sql`lower(${expr})`, sql`lower(${value}::text)`];
  if (op === 'ne') return options.nullable ? sql`(${expr} IS NULL OR ${left} <> ${right})` : sql`${left} <> ${right}`;
  const test = textOperator(op, left, right);
  return options.nullable ? sql`(${expr} IS NOT NULL AND ${test})` : test;
}

function textOperator(op: Exclude<CompareOperator, 'ne'>, left: Sql, right: Sql): Sql {
  switch (op) {
    case 'co':
      return sql`strpos(${left}, ${right}) > 0`;
    case 'sw':
      return sql`starts_with(${left}, ${right})`;
    case 'ew':
      return sql`right(${left}, char_length(${right})) = ${right}`;
    default:
      return sql`${left} ${Prisma.raw(ORDERED[op])} ${right}`;
  }
}

const ORDERED = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** A literal compared as text (profile and attribute values are strings). */
export function asText(value: Exclude<QueryValue, null>): string {
  return typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
}

/** One comparison on a column of `alias`; `ne` also matches rows where a nullable column is null. */
export function compareColumn(alias: string, spec: ColumnSpec, condition: CompareCondition<string>): Sql {
  const { op, value } = condition;
  const expr = columnSql(alias, spec.column);
  if (value === null) {
    if (op === 'eq') return spec.nullable ? sql`${expr} IS NULL` : FALSE;
    if (op === 'ne') return spec.nullable ? sql`${expr} IS NOT NULL` : TRUE;
    throw invalid(`"${op}" cannot compare with null`);
  }
  if (spec.type === 'uuid') {
    if (op !== 'eq' && op !== 'ne') throw invalid(`ids can be compared with "eq" and "ne" only`);
    const matches = typeof value === 'string' && UUID.test(value) ? sql`${expr} = ${value.toLowerCase()}::uuid` : FALSE;
    return op === 'eq' ? matches : not(matches);
  }
  if ((op === 'co' || op === 'sw' || op === 'ew') && spec.type !== 'string') throw invalid(`"${op}" needs a string attribute`);
  if (spec.type === 'boolean' && op !== 'eq' && op !== 'ne') throw invalid(`booleans can be compared with "eq" and "ne" only`);
  const literal = coerce(spec, value);
  if (spec.type === 'string') {
    // A lower-cased key column keeps case-insensitive lookups (userName eq) on their index.
    const key = !condition.caseExact && spec.keyColumn ? columnSql(alias, spec.keyColumn) : null;
    return textCompare(key ?? expr, op, literal as string, {
      caseExact: condition.caseExact,
      nullable: spec.nullable,
      lowered: key !== null,
    });
  }
  // Numbers compare as numeric, so `version gt 1.5` is a comparison, not a failed integer cast.
  const operand =
    literal instanceof Date
      ? sql`${literal.toISOString()}::timestamptz`
      : typeof literal === 'number'
        ? sql`${literal}::numeric`
        : sql`${literal}`;
  const compare = sql`${expr} ${Prisma.raw(ORDERED[op as keyof typeof ORDERED])} ${operand}`;
  if (!spec.nullable) return compare;
  return op === 'ne' ? sql`(${expr} IS NULL OR ${compare})` : sql`(${expr} IS NOT NULL AND ${compare})`;
}
