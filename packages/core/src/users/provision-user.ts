import type { RosterDeps } from '../context.ts';
import { RosterError } from '../errors.ts';
import { currentOrigin } from '../events/event-origin.ts';
import type { Iam, User, UserSource } from '../model.ts';
import { attributeNameSchema, normalizeAttributeMap, type AttributeMap } from '../rules/attribute-mapping.ts';
import { parseInput } from '../rules/parse-input.ts';
import type { SourceAttributes } from '../rules/source-attributes.ts';
import { createUserSchema, type CreateUserInput } from './user-input.ts';
import { buildNewUser, userCreatedEvent } from './user-ops.ts';

/** A new user as an IdP pushes it: the user's fields, its first attributes and the source kept. */
export type ProvisionUserInput = CreateUserInput & { readonly attributes?: AttributeMap; readonly sourceAttributes?: SourceAttributes };

/**
 * Creates a user with its first attributes as one atomic write that reads nothing first: the
 * path for an IdP pushing one user per request (SCIM POST), where a taken userName is the
 * exception. Same rules and events as {@link createUser} followed by setUserAttributes, except
 * that uniqueness is left to the store's unique indexes, so USER_NAME_TAKEN carries no holder
 * id, and that `iam` is the IAM as the caller just read it (its default permissions as of then;
 * an IAM deleted since is IAM_NOT_FOUND). Cannot join a larger transaction: use createUser there.
 */
export async function provisionUser(
  deps: RosterDeps,
  iam: Iam,
  input: ProvisionUserInput,
  source: UserSource,
): Promise<{ user: User; attributes: Record<string, string[]> }> {
  const { attributes: given, sourceAttributes, ...fields } = input;
  const parsed = parseInput(createUserSchema, fields, 'user');
  const attributes = normalizeAttributeMap(given ?? {});
  for (const name of Object.keys(attributes)) {
    const result = attributeNameSchema.safeParse(name);
    if (!result.success) {
      throw new RosterError('VALIDATION_FAILED', `Invalid attribute name "${name}": ${result.error.issues[0]?.message}`, {
        details: { attribute: name },
      });
    }
  }
  const user = buildNewUser(deps, iam, parsed, source, sourceAttributes);
  const drafts = [userCreatedEvent(user)];
  if (Object.keys(attributes).length > 0) {
    const changes = Object.fromEntries(Object.entries(attributes).map(([name, values]) => [name, { from: undefined, to: values }]));
    drafts.push({ type: 'USER_ATTRIBUTES_CHANGED', iamId: user.iamId, subjectType: 'USER', subjectId: user.id, data: { changes } });
  }
  await deps.store.insertNewUser({ user, attributes, drafts, occurredAt: user.createdAt, origin: currentOrigin(deps.origins) });
  return { user, attributes };
}
