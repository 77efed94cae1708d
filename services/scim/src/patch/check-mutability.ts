import { isPlainObject } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import type { PatchOperation } from './patch-operations.ts';
import { readPatchPath } from './read-patch-path.ts';

/** What a resource's readOnly attributes are (RFC 7643 §2.2), lower-case, and its id. */
export interface ReadOnlyAttributes {
  readonly id: string;
  /** Top-level readOnly attributes besides `id`: `meta`, and a User's `groups`. */
  readonly others: readonly string[];
  /** The resource's core schema URN: a path qualified with it names a core attribute. */
  readonly coreUrn: string;
}

/**
 * Refuses a PATCH that touches a readOnly attribute (RFC 7644 §3.5.2: 400 `mutability`), before
 * any operation is applied, so a refused request changes nothing. One exception, for what IdPs
 * send: an `id` equal to the resource's own (Okta repeats it in Group PATCHes) changes nothing and
 * is accepted. `schemas` is accepted and ignored.
 */
export function assertPatchMutable(operations: readonly PatchOperation[], resource: ReadOnlyAttributes): void {
  for (const [index, operation] of operations.entries()) {
    for (const [name, value, whole] of targets(operation, resource.coreUrn)) {
      if (name === 'id') {
        const unchanged =
          operation.op !== 'remove' && whole && typeof value === 'string' && value.toLowerCase() === resource.id.toLowerCase();
        if (!unchanged) throw readOnly(index, 'id');
      } else if (resource.others.includes(name)) {
        throw readOnly(index, name);
      }
    }
  }
}

/**
 * Refuses a PUT whose `id` names another resource than its URL (RFC 7644 §3.5.1 ignores readOnly
 * values, but a different id says the client means another resource).
 */
export function assertPutTargetsResource(body: Readonly<Record<string, unknown>>, id: string): void {
  const key = Object.keys(body).find((name) => name.toLowerCase() === 'id');
  const given = key === undefined ? undefined : body[key];
  if (given !== undefined && given !== null && (typeof given !== 'string' || given.toLowerCase() !== id.toLowerCase())) {
    throw new ScimError(400, `The body's "id" is not ${id}, the resource being replaced; id is readOnly.`, 'mutability');
  }
}

/** The top-level core attributes an operation writes: [name, value, whether the whole attribute]. */
function targets(operation: PatchOperation, coreUrn: string): [string, unknown, boolean][] {
  if (operation.path === null) {
    return Object.entries(operation.value as Record<string, unknown>).flatMap(([key, value]): [string, unknown, boolean][] => {
      const lower = key.toLowerCase();
      if (lower === coreUrn.toLowerCase() && isPlainObject(value))
        return Object.entries(value).map(([inner, innerValue]) => [inner.toLowerCase(), innerValue, true]);
      if (lower.startsWith(`${coreUrn.toLowerCase()}:`))
        return [[lower.slice(coreUrn.length + 1).split('.')[0]!, value, !lower.includes('.')]];
      return lower.startsWith('urn:') ? [] : [[lower.split('.')[0]!, value, !lower.includes('.')]];
    });
  }
  const { path, filter } = readPatchPath(operation.path);
  if (path.uri !== null && path.uri.toLowerCase() !== coreUrn.toLowerCase()) return [];
  return [[path.name.toLowerCase(), operation.value, path.sub === null && filter === null]];
}

function readOnly(index: number, name: string): ScimError {
  return new ScimError(400, `Operation ${index + 1}: "${name}" is readOnly; nothing was changed.`, 'mutability');
}
