import { isPlainObject, type ChangeOperations, type UpdateGroupInput } from '@roster/core';
import type { Filter } from '../filter/filter-ast.ts';
import { ScimError } from '../http/scim-error.ts';
import type { PatchOperation } from '../patch/patch-operations.ts';
import { readPatchPath } from '../patch/read-patch-path.ts';
import { toText } from '../users/scim-values.ts';

/**
 * Applies PATCH operations to a group (RFC 7644 §3.5.2) straight onto memberships: adding one
 * member never reads the others, whatever the group's size. `remove` with path `members` and a
 * value list removes those members only (Entra ID's default); without a value, all of them.
 */
export async function patchGroup(
  ops: ChangeOperations,
  groupId: string,
  operations: readonly PatchOperation[],
  expectedVersion: number | undefined,
): Promise<void> {
  const update: { -readonly [K in keyof UpdateGroupInput]: UpdateGroupInput[K] } = {};
  for (const operation of operations) {
    if (operation.path === null) {
      for (const [key, value] of Object.entries(operation.value as Record<string, unknown>)) {
        await applyAttribute(ops, groupId, update, operation.op, key.toLowerCase(), value, null);
      }
      continue;
    }
    const parsed = readPatchPath(operation.path);
    const name = [parsed.path.name, parsed.path.sub].filter(Boolean).join('.').toLowerCase();
    await applyAttribute(ops, groupId, update, operation.op, name, operation.value, parsed.filter);
  }
  if (Object.keys(update).length > 0 || expectedVersion !== undefined) {
    await ops.updateGroup(groupId, update, expectedVersion === undefined ? {} : { expectedVersion });
  }
}

async function applyAttribute(
  ops: ChangeOperations,
  groupId: string,
  update: { displayName?: string | undefined; externalId?: string | null | undefined },
  op: PatchOperation['op'],
  name: string,
  value: unknown,
  filter: Filter | null,
): Promise<void> {
  if (name === 'members' || name === 'members.value') {
    if (filter !== null) {
      if (op !== 'remove') throw new ScimError(400, 'Members can be filtered only to remove them.', 'invalidPath');
      await ops.removeMembers(groupId, idsFromFilter(filter));
    } else if (op === 'add') await ops.addMembers(groupId, memberIds(value));
    else if (op === 'replace') await ops.replaceMembers(groupId, memberIds(value));
    else if (value === undefined || value === null) await ops.replaceMembers(groupId, []);
    else await ops.removeMembers(groupId, memberIds(value));
    return;
  }
  if (name === 'displayname') {
    if (op === 'remove') throw new ScimError(400, 'displayName is required and cannot be removed.', 'mutability');
    const text = toText(value, 'displayName');
    if (text === null) throw new ScimError(400, 'displayName cannot be empty.', 'invalidValue');
    update.displayName = text;
  } else if (name === 'externalid') {
    update.externalId = op === 'remove' ? null : toText(value, 'externalId');
  }
  // schemas, an unchanged id and unknown attributes are not kept: accepted and ignored (see check-mutability.ts).
}

/** Member ids from `[{ value }]`, `{ value }` or bare ids. */
export function memberIds(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map((item) => {
    const id: unknown = isPlainObject(item) ? item['value'] : item;
    if (typeof id !== 'string' || id === '') throw new ScimError(400, 'Each member needs a "value" (the user id).', 'invalidValue');
    return id.toLowerCase();
  });
}

/** `members[value eq "a" or value eq "b"]` -> [a, b]. */
function idsFromFilter(filter: Filter): string[] {
  if (filter.type === 'or') return [...idsFromFilter(filter.left), ...idsFromFilter(filter.right)];
  if (filter.type === 'compare' && filter.op === 'eq' && filter.path.name.toLowerCase() === 'value' && typeof filter.value === 'string')
    return [filter.value.toLowerCase()];
  throw new ScimError(400, 'Member filters may only compare "value" with "eq" (joined by "or").', 'invalidFilter');
}
