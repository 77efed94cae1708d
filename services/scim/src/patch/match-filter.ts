import { isPlainObject } from '@roster/core';
import type { Filter, FilterValue } from '../filter/filter-ast.ts';
import { getKey } from '../users/scim-values.ts';

/**
 * Evaluates a value filter against one element of a multi-valued attribute of ONE resource
 * (`emails[type eq "work"]` in a PATCH path, RFC 7644 §3.5.2). This is never used to search an
 * IAM; searches run in the database. Strings compare case-insensitively, as for the sub-attributes
 * of emails, members and phone numbers, which are not caseExact except `value` of members (ids,
 * which are lower-case UUIDs either way).
 */
export function matchesFilter(element: unknown, filter: Filter): boolean {
  switch (filter.type) {
    case 'and':
      return matchesFilter(element, filter.left) && matchesFilter(element, filter.right);
    case 'or':
      return matchesFilter(element, filter.left) || matchesFilter(element, filter.right);
    case 'not':
      return !matchesFilter(element, filter.filter);
    case 'valuePath':
      return false;
    case 'present': {
      const value = read(element, filter.path.name, filter.path.sub);
      return value !== undefined && value !== null && value !== '';
    }
    case 'compare':
      return compare(read(element, filter.path.name, filter.path.sub), filter.op, filter.value);
  }
}

function read(element: unknown, name: string, sub: string | null): unknown {
  if (!isPlainObject(element)) return name.toLowerCase() === 'value' ? element : undefined;
  const value = getKey(element, name);
  return sub === null ? value : isPlainObject(value) ? getKey(value, sub) : undefined;
}

function normalize(value: unknown): unknown {
  if (typeof value === 'string') {
    if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return value.toLowerCase();
  }
  return value;
}

function compare(actual: unknown, op: string, expected: FilterValue): boolean {
  const a = normalize(actual);
  const b = normalize(expected);
  switch (op) {
    case 'eq':
      return (a ?? null) === b;
    case 'ne':
      return (a ?? null) !== b;
    case 'co':
      return typeof a === 'string' && typeof b === 'string' && a.includes(b);
    case 'sw':
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    case 'ew':
      return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
    case 'gt':
      return a !== null && b !== null && (a as number) > (b as number);
    case 'ge':
      return a !== null && b !== null && (a as number) >= (b as number);
    case 'lt':
      return a !== null && b !== null && (a as number) < (b as number);
    case 'le':
      return a !== null && b !== null && (a as number) <= (b as number);
    default:
      return false;
  }
}
