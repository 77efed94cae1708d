import { getKey } from '../users/scim-values.ts';

const ALWAYS = new Set(['id', 'schemas']);

/**
 * RFC 7644 §3.9 `attributes` / `excludedAttributes` on a resource: `id` and `schemas` are always
 * returned. Names are case-insensitive and may be dotted (`name.givenName`) or URN-qualified.
 */
export function projectResource(
  resource: Record<string, unknown>,
  attributes: readonly string[],
  excluded: readonly string[],
): Record<string, unknown> {
  if (attributes.length > 0) {
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(resource)) if (ALWAYS.has(key)) result[key] = value;
    for (const name of attributes) copy(resource, result, name);
    return result;
  }
  if (excluded.length === 0) return resource;
  const result = { ...resource };
  for (const name of excluded) {
    const key = Object.keys(result).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (key !== undefined && !ALWAYS.has(key)) delete result[key];
  }
  return result;
}

/** True when the projection would drop `name` (so it need not be loaded at all). */
export function isExcluded(name: string, attributes: readonly string[], excluded: readonly string[]): boolean {
  const lower = name.toLowerCase();
  if (attributes.length > 0) return !attributes.some((a) => a.toLowerCase() === lower || a.toLowerCase().startsWith(`${lower}.`));
  return excluded.some((e) => e.toLowerCase() === lower);
}

function copy(source: Record<string, unknown>, target: Record<string, unknown>, name: string): void {
  const direct = Object.keys(source).find((key) => key.toLowerCase() === name.toLowerCase());
  if (direct !== undefined) {
    target[direct] = source[direct];
    return;
  }
  const colon = name.toLowerCase().startsWith('urn:') ? name.lastIndexOf(':') : -1;
  const [head, rest] =
    colon >= 0 ? [name.slice(0, colon), name.slice(colon + 1)] : [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
  if (!head || !rest || rest === name) return;
  const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === head.toLowerCase());
  const value = key === undefined ? undefined : source[key];
  if (key === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const inner = getKey(value as Record<string, unknown>, rest);
  if (inner === undefined) return;
  const existing = (target[key] ?? {}) as Record<string, unknown>;
  target[key] = { ...existing, [rest]: inner };
}
