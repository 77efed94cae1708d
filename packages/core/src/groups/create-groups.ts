import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import { requireIamIn } from '../lookups.ts';
import type { Group } from '../model.ts';
import { firstRepeated } from '../rules/first-repeated.ts';
import { parseInput } from '../rules/parse-input.ts';
import { createGroupSchema, type CreateGroupInput } from './group-input.ts';

/**
 * Creates many groups of one IAM at once (a directory sync's group page): the same rules and
 * events as {@link createGroup}, with one lookup for taken names and one insert for all. Fails
 * with GROUP_NAME_TAKEN, creating none, when a name is taken or repeated (case-insensitively).
 */
export async function createGroups(ctx: ChangeContext, iamId: string, inputs: readonly CreateGroupInput[]): Promise<Group[]> {
  const parsed = inputs.map((input) => parseInput(createGroupSchema, input, 'group'));
  if (parsed.length === 0) return [];
  const iam = await requireIamIn(ctx.tx, iamId);
  const names = parsed.map((input) => input.displayName.toLowerCase());
  const repeated = firstRepeated(names);
  const [taken] = await ctx.tx.bulk.groupsByDisplayNames(iam.id, names);
  if (taken || repeated) {
    throw new RosterError('GROUP_NAME_TAKEN', `IAM "${iam.id}" already has a group named "${taken?.displayName ?? repeated}".`, {
      details: { iamId: iam.id, displayName: taken?.displayName ?? repeated, existingGroupId: taken?.id ?? null },
    });
  }
  const now = ctx.deps.clock.now();
  const groups = parsed.map((input): Group => ({
    id: ctx.deps.random.uuid(),
    iamId: iam.id,
    displayName: input.displayName,
    externalId: input.externalId ?? null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  await ctx.tx.bulk.insertGroups(groups);
  for (const group of groups) {
    ctx.record({
      type: 'GROUP_CREATED',
      iamId: iam.id,
      subjectType: 'GROUP',
      subjectId: group.id,
      data: { displayName: group.displayName },
    });
  }
  return groups;
}
