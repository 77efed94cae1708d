import type { ChangeContext } from '../context.ts';
import { RosterError } from '../errors.ts';
import type { User, UserSource } from '../model.ts';
import { attributeNameSchema, normalizeAttributeMap, type AttributeMap } from '../rules/attribute-mapping.ts';
import { requireIamIn } from '../lookups.ts';
import { firstRepeated } from '../rules/first-repeated.ts';
import { parseInput } from '../rules/parse-input.ts';
import type { SourceAttributes } from '../rules/source-attributes.ts';
import { createUserSchema, type CreateUserInput } from './user-input.ts';
import { buildNewUser, createUser, userCreatedEvent } from './user-ops.ts';

/** One user to create, optionally with its first attributes and the source it was made from. */
export type CreateUsersInput = CreateUserInput & { readonly attributes?: AttributeMap; readonly sourceAttributes?: SourceAttributes };

/**
 * Creates many users of one IAM at once (a directory sync page): the same rules and events as
 * {@link createUser}, with one lookup for taken names and one insert for all. Fails with
 * USER_NAME_TAKEN, creating none, when a name is taken or repeated. Inputs that set an external
 * username go through createUser one by one (its uniqueness spans IAMs). Attributes given with a
 * user are stored with one insert for all, each user's recorded as USER_ATTRIBUTES_CHANGED.
 */
export async function createUsers(
  ctx: ChangeContext,
  iamId: string,
  inputs: readonly CreateUsersInput[],
  source: UserSource,
): Promise<User[]> {
  const parsed = inputs.map((input) => parseInput(createUserSchema, input, 'user'));
  const attributes = inputs.map((input) => normalizeAttributeMap(input.attributes ?? {}));
  assertAttributeNames(attributes);
  const iam = await requireIamIn(ctx.tx, iamId);
  const names = parsed.map((input) => input.userName.toLowerCase());
  const repeated = firstRepeated(names);
  const [taken] = await ctx.tx.bulk.usersByUserNames(iam.id, names);
  if (taken || repeated) {
    throw new RosterError('USER_NAME_TAKEN', `IAM "${iam.id}" already has a user named "${taken?.userName ?? repeated}".`, {
      details: { iamId: iam.id, userName: taken?.userName ?? repeated, existingUserId: taken?.id ?? null },
    });
  }
  const users: User[] = [];
  const single: User[] = [];
  const attributesByUser = new Map<string, AttributeMap>();
  for (const [i, input] of parsed.entries()) {
    if (input.externalUsername) {
      single.push(await createUser(ctx, iam.id, input, source, { sourceAttributes: inputs[i]!.sourceAttributes }));
      if (Object.keys(attributes[i]!).length > 0) attributesByUser.set(single.at(-1)!.id, attributes[i]!);
      continue;
    }
    users.push(buildNewUser(ctx.deps, iam, input, source, inputs[i]!.sourceAttributes ?? {}));
    if (Object.keys(attributes[i]!).length > 0) attributesByUser.set(users.at(-1)!.id, attributes[i]!);
  }
  await ctx.tx.bulk.insertUsers(users);
  await ctx.tx.bulk.insertUserAttributes(attributesByUser);
  for (const user of users) ctx.record(userCreatedEvent(user));
  for (const [userId, map] of attributesByUser) {
    const changes = Object.fromEntries(Object.entries(map).map(([name, values]) => [name, { from: undefined, to: values }]));
    ctx.record({ type: 'USER_ATTRIBUTES_CHANGED', iamId: iam.id, subjectType: 'USER', subjectId: userId, data: { changes } });
  }
  return [...users, ...single];
}

function assertAttributeNames(maps: readonly AttributeMap[]): void {
  for (const name of maps.flatMap((map) => Object.keys(map))) {
    const result = attributeNameSchema.safeParse(name);
    if (!result.success) {
      throw new RosterError('VALIDATION_FAILED', `Invalid attribute name "${name}": ${result.error.issues[0]?.message}`, {
        details: { attribute: name },
      });
    }
  }
}
