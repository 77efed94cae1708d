import { RosterError, type CompareCondition, type QueryValue } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

/** A Prisma filter on one scalar column (string, boolean, number, date). */
export type ColumnFilter = Record<string, unknown>;

/** How a column is compared: case-insensitive text can use a lower-cased key column instead. */
export interface ColumnSpec {
  readonly column: string;
  readonly type: 'string' | 'boolean' | 'number' | 'date' | 'uuid';
  /** A column holding lower(column), used when the comparison is not case-exact. */
  readonly keyColumn?: string;
  readonly nullable: boolean;
}

/** A well-formed UUID: anything else can match no id. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NEVER = { id: { in: [] } };

/**
 * One comparison as a Prisma where-object (RFC 7644 §3.4.2.2 operators). `ne` also matches rows
 * where the column is null: a user without a title is "not equal" to any title.
 */
export function compareWhere(spec: ColumnSpec, condition: CompareCondition<string>): Record<string, unknown> {
  const { op, value } = condition;
  if (value === null) {
    if (op === 'eq') return { [spec.column]: null };
    if (op === 'ne') return { NOT: { [spec.column]: null } };
    throw invalid(`"${op}" cannot compare with null`);
  }
  if (spec.type === 'uuid') {
    if (op !== 'eq' && op !== 'ne') throw invalid(`ids can be compared with "eq" and "ne" only`);
    const matches = typeof value === 'string' && UUID.test(value) ? { [spec.column]: value.toLowerCase() } : NEVER;
    return op === 'eq' ? matches : { NOT: matches };
  }
  const literal = coerce(spec, value);
  const lower = !condition.caseExact && spec.type === 'string';
  const column = lower && spec.keyColumn ? spec.keyColumn : spec.column;
  const operand = lower && spec.keyColumn && typeof literal === 'string' ? literal.toLowerCase() : literal;
  const mode = lower && !spec.keyColumn ? { mode: 'insensitive' } : {};
  if ((op === 'co' || op === 'sw' || op === 'ew') && spec.type !== 'string') throw invalid(`"${op}" needs a string attribute`);
  if (spec.type === 'boolean' && op !== 'eq' && op !== 'ne') throw invalid(`booleans can be compared with "eq" and "ne" only`);
  const filter: ColumnFilter = { ...filterFor(op, operand), ...mode };
  if (op === 'ne')
    return spec.nullable
      ? { OR: [{ [spec.column]: null }, { NOT: { [column]: { equals: operand, ...mode } } }] }
      : { NOT: { [column]: { equals: operand, ...mode } } };
  return { [column]: filter };
}

function filterFor(op: CompareCondition<string>['op'], operand: unknown): ColumnFilter {
  switch (op) {
    case 'eq':
    case 'ne':
      return { equals: operand };
    case 'co':
      return { contains: operand };
    case 'sw':
      return { startsWith: operand };
    case 'ew':
      return { endsWith: operand };
    case 'gt':
      return { gt: operand };
    case 'ge':
      return { gte: operand };
    case 'lt':
      return { lt: operand };
    case 'le':
      return { lte: operand };
  }
}

/** The literal as the column's type; a literal of another type is an invalid filter. */
export function coerce(spec: ColumnSpec, value: Exclude<QueryValue, null>): unknown {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : String(value);
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

/** A filter the store cannot evaluate: the adapter reports it as an invalid filter. */
export function invalid(message: string): RosterError {
  return new RosterError('VALIDATION_FAILED', message, { details: { filter: true } });
}

/** Matches no row. */
export const MATCH_NONE = NEVER;

/** Runs a query; a where-object Prisma rejects is the filter's fault, never a 500. */
export async function asFilterErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientValidationError) throw invalid('The filter cannot be evaluated on these attributes.');
    throw error;
  }
}
