import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { diffFields } from '../events/diff-fields.ts';
import type { ChangeSet, EventType, SubjectType } from '../events/event-types.ts';
import { requireGroupIn, requireUserIn } from '../lookups.ts';
import { attributeNameSchema, normalizeAttributeMap, type AttributeMap } from '../rules/attribute-mapping.ts';
import type { AttributeRepository } from '../ports.ts';

/**
 * Which stored attributes a write replaces. Without `prefixes`, only the named attributes are set
 * (an empty value list removes one). With `prefixes`, every stored attribute under those prefixes
 * is replaced by the given ones: how an IdP's mapped attributes are synced without touching
 * attributes an administrator added under other prefixes.
 */
export interface AttributeScope {
  readonly prefixes?: readonly string[];
}

/** Sets user attributes; no change, no write, no event. */
export async function setUserAttributes(
  ctx: ChangeContext,
  userId: string,
  attributes: AttributeMap,
  scope: AttributeScope = {},
): Promise<AttributeMap> {
  const user = await requireUserIn(ctx.tx, userId);
  return writeAttributes(
    ctx,
    ctx.tx.userAttributes,
    { id: user.id, iamId: user.iamId, type: 'USER' },
    attributes,
    scope,
    'USER_ATTRIBUTES_CHANGED',
  );
}

/**
 * The attributes `attributes` and `scope` leave an owner holding `before` with, and the changes;
 * null when nothing changes. Pure: how a page of users is re-derived and written at once.
 */
export function planAttributeChanges(
  before: AttributeMap,
  attributes: AttributeMap,
  scope: AttributeScope,
): { readonly after: AttributeMap; readonly changes: ChangeSet } | null {
  assertAttributeNames(attributes);
  const prefixes = new Set(scope.prefixes ?? []);
  const kept = Object.fromEntries(
    Object.entries(before).filter(([name]) => !prefixes.has(name.slice(0, name.indexOf('.'))) && !(name in attributes)),
  );
  const after = normalizeAttributeMap({ ...kept, ...attributes });
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes = diffFields(before as Record<string, unknown>, after as Record<string, unknown>, names);
  return Object.keys(changes).length === 0 ? null : { after, changes };
}

/** Sets group attributes; no change, no write, no event. */
export async function setGroupAttributes(
  ctx: ChangeContext,
  groupId: string,
  attributes: AttributeMap,
  scope: AttributeScope = {},
): Promise<AttributeMap> {
  const group = await requireGroupIn(ctx.tx, groupId);
  return writeAttributes(
    ctx,
    ctx.tx.groupAttributes,
    { id: group.id, iamId: group.iamId, type: 'GROUP' },
    attributes,
    scope,
    'GROUP_ATTRIBUTES_CHANGED',
  );
}

async function writeAttributes(
  ctx: ChangeContext,
  repo: AttributeRepository,
  owner: { readonly id: string; readonly iamId: string; readonly type: SubjectType },
  attributes: AttributeMap,
  scope: AttributeScope,
  eventType: EventType,
): Promise<AttributeMap> {
  assertAttributeNames(attributes);
  const before = await repo.get(owner.id);
  const planned = planAttributeChanges(before, attributes, scope);
  if (!planned) return before;
  await repo.replace(owner.id, planned.after);
  ctx.record({ type: eventType, iamId: owner.iamId, subjectType: owner.type, subjectId: owner.id, data: { changes: planned.changes } });
  return planned.after;
}

function assertAttributeNames(attributes: AttributeMap): void {
  for (const name of Object.keys(attributes)) {
    const result = attributeNameSchema.safeParse(name);
    if (!result.success) {
      throw new RosterError('VALIDATION_FAILED', `Invalid attribute name "${name}": ${result.error.issues[0]?.message}`, {
        details: { attribute: name },
      });
    }
  }
}
