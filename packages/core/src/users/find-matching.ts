import { RosterError } from '../errors.ts';
import type { Group, User } from '../model.ts';
import type { ReadRepositories } from '../ports.ts';
import type { GroupMatchingAttribute, UserMatchingAttribute } from '../rules/matching-attributes.ts';

/**
 * The user of an IAM that an incoming identity matches on the IAM's matching attribute, or null.
 * Two users matching (possible for email and displayName) is AMBIGUOUS_MATCH, never a guess.
 */
export async function findMatchingUser(
  repos: ReadRepositories,
  iamId: string,
  attribute: UserMatchingAttribute,
  value: string,
): Promise<User | null> {
  switch (attribute) {
    case 'id': {
      const user = await repos.users.get(value);
      return user?.iamId === iamId ? user : null;
    }
    case 'userName':
      return repos.users.findByUserName(iamId, value);
    case 'email':
      return single(await repos.users.findByEmail(iamId, value), attribute, value);
    case 'workEmail':
      return single(await repos.users.findByEmail(iamId, value, 'work'), attribute, value);
    case 'displayName':
      return single(await repos.users.findByDisplayName(iamId, value), attribute, value);
  }
}

/** The group of an IAM that an incoming group matches, or null. */
export async function findMatchingGroup(
  repos: ReadRepositories,
  iamId: string,
  attribute: GroupMatchingAttribute,
  value: string,
): Promise<Group | null> {
  if (attribute === 'displayName') return repos.groups.findByDisplayName(iamId, value);
  const group = await repos.groups.get(value);
  return group?.iamId === iamId ? group : null;
}

function single(users: User[], attribute: string, value: string): User | null {
  if (users.length > 1) {
    throw new RosterError('AMBIGUOUS_MATCH', `${users.length} users match ${attribute} "${value}"; pick a unique matching attribute.`, {
      details: { attribute, value, userIds: users.map((user) => user.id) },
    });
  }
  return users[0] ?? null;
}
