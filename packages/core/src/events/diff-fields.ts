import type { ChangeSet } from './event-types.ts';

/**
 * The fields whose values differ between two records, compared structurally (arrays and objects
 * by content). Only the named fields are compared; order of array items counts unless the caller
 * normalized them.
 */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): ChangeSet {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (!sameValue(before[field], after[field])) changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
}

/** Structural equality of JSON-like values (Dates by time). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => a[key] !== undefined || b[key] !== undefined));
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return (a ?? null) === (b ?? null);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
