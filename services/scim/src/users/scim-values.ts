import { isPlainObject } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';

/** Case-insensitive key lookup (RFC 7643 §2.1: attribute names are case-insensitive). */
export function getKey(object: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

/** A JSON value as text for parsing or a message: a string as it is, an object as JSON, absent as "". */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

/** A SCIM boolean; Entra ID sends `"True"`/`"False"` strings. */
export function toBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimError(400, `"${name}" must be a boolean.`, 'invalidValue');
}

/** A string attribute (RFC 7643 §2.3.1), or null when absent or empty; anything else is invalidValue. */
export function toText(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  throw new ScimError(400, `"${name}" must be a string.`, 'invalidValue');
}

/** The primary (else first) element of a multi-valued attribute. */
export function primaryOf(value: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(value)) return isPlainObject(value) ? value : undefined;
  const items = value.filter(isPlainObject);
  return items.find((item) => getKey(item, 'primary') === true || String(getKey(item, 'primary')).toLowerCase() === 'true') ?? items[0];
}

/** A JSON object request body, or invalidSyntax. */
export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ScimError(400, `${what} must be a JSON object.`, 'invalidSyntax');
  return value;
}
