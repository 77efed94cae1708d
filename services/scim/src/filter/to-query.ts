import type { QueryCondition } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import type { AttrPath, Filter } from './filter-ast.ts';

/** Where an attribute path lives in a query: its field and how strings compare (RFC 7643 §2.2 caseExact). */
export interface ResolvedField<F extends string> {
  readonly field: F;
  readonly caseExact: boolean;
}

/** Resolves attribute paths of one resource type; `collection` is set inside a value path. */
export interface FieldResolver<F extends string> {
  /** A simple or complex attribute; null when unknown. */
  field(path: AttrPath): ResolvedField<F> | null;
  /** The multi-valued attribute named by a value path (`emails` -> `email`); null when not one. */
  collection(path: AttrPath): string | null;
  /** A sub-attribute inside a value path (`type` in `emails[type eq "work"]`). */
  member(collection: string, name: string): ResolvedField<F> | null;
}

/**
 * Turns a parsed SCIM filter into core's storage-neutral query. Unknown attributes are an
 * invalidFilter (RFC 7644 §3.4.2.2: "the specified attribute and filter comparison combination
 * is not supported").
 */
export function filterToQuery<F extends string>(
  filter: Filter,
  resolver: FieldResolver<F>,
  collection: string | null = null,
): QueryCondition<F> {
  switch (filter.type) {
    case 'and':
    case 'or':
      return {
        kind: filter.type,
        conditions: operands(filter, filter.type).map((operand) => filterToQuery(operand, resolver, collection)),
      };
    case 'not':
      return { kind: 'not', condition: filterToQuery(filter.filter, resolver, collection) };
    case 'valuePath': {
      if (collection !== null) throw new ScimError(400, `Value filters cannot nest (position ${filter.path.position})`, 'invalidFilter');
      const inner = resolver.collection(filter.path);
      if (inner === null) throw unknown(filter.path);
      return { kind: 'some', collection: inner, condition: filterToQuery(filter.filter, resolver, inner) };
    }
    case 'present':
      return { kind: 'present', field: resolve(filter.path, resolver, collection).field };
    case 'compare': {
      const { field, caseExact } = resolve(filter.path, resolver, collection);
      const value =
        typeof filter.value === 'string' && /(At|created|lastModified)$/.test(field) ? toDate(filter.value, filter.path) : filter.value;
      return { kind: 'compare', field, op: filter.op, value, caseExact };
    }
  }
}

/**
 * The operands of a chain of one connective. `a or b or c` parses as `(a or b) or c`; the query
 * holds `or [a, b, c]`, so its depth (and the SQL's or Prisma's nesting) does not grow with its length.
 */
function operands(filter: Filter, type: 'and' | 'or'): Filter[] {
  const found: Filter[] = [];
  const pending: Filter[] = [filter];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.type === type) pending.push(next.right, next.left);
    else found.push(next);
  }
  return found;
}

function resolve<F extends string>(path: AttrPath, resolver: FieldResolver<F>, collection: string | null): ResolvedField<F> {
  const resolved =
    collection !== null && path.uri === null && path.sub === null ? resolver.member(collection, path.name) : resolver.field(path);
  if (!resolved) throw unknown(path);
  return resolved;
}

function toDate(value: string, path: AttrPath): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ScimError(400, `"${value}" is not a dateTime (position ${path.position})`, 'invalidFilter');
  return date;
}

function unknown(path: AttrPath): ScimError {
  const name = [path.uri, [path.name, path.sub].filter(Boolean).join('.')].filter(Boolean).join(':');
  return new ScimError(400, `Unknown or unfilterable attribute "${name}" at position ${path.position}`, 'invalidFilter');
}
