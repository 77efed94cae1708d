import { isPlainObject } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import { URN } from '../schema/schema-urns.ts';
import { getKey, requireObject, textOf } from '../users/scim-values.ts';

/** One PATCH operation (RFC 7644 §3.5.2); `op` normalised to lower case (Entra sends "Replace"). */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string | null;
  readonly value: unknown;
}

/** Reads a PatchOp request body; anything malformed is invalidSyntax and changes nothing. */
export function readPatchRequest(body: unknown): PatchOperation[] {
  const request = requireObject(body, 'A PATCH request');
  const schemas = getKey(request, 'schemas');
  if (Array.isArray(schemas) && !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.patchOp.toLowerCase())) {
    throw new ScimError(400, `A PATCH request must carry the schema ${URN.patchOp}.`, 'invalidSyntax');
  }
  const operations = getKey(request, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, '"Operations" must be a non-empty array.', 'invalidSyntax');
  return operations.map((raw, index) => {
    if (!isPlainObject(raw)) throw new ScimError(400, `Operation ${index + 1} must be an object.`, 'invalidSyntax');
    const op = textOf(getKey(raw, 'op')).toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimError(400, `Operation ${index + 1}: "op" must be add, replace or remove.`, 'invalidSyntax');
    const path = getKey(raw, 'path');
    if (path !== undefined && path !== null && typeof path !== 'string')
      throw new ScimError(400, `Operation ${index + 1}: "path" must be a string.`, 'invalidPath');
    const value = getKey(raw, 'value');
    const blank = path === undefined || path === null || path.trim() === '';
    if (op === 'remove' && blank) throw new ScimError(400, `Operation ${index + 1}: remove needs a path.`, 'noTarget');
    if (op !== 'remove' && value === undefined) throw new ScimError(400, `Operation ${index + 1}: ${op} needs a value.`, 'invalidValue');
    if (op !== 'remove' && blank && !isPlainObject(value))
      throw new ScimError(400, `Operation ${index + 1}: without a path, the value must be an object.`, 'invalidValue');
    return { op, path: blank ? null : path.trim(), value };
  });
}
