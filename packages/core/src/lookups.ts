import { RosterError } from './errors.ts';
import type { Group, Iam, User } from './model.ts';
import type { ReadRepositories } from './ports.ts';

/** The IAM, or IAM_NOT_FOUND. */
export async function requireIamIn(repos: ReadRepositories, iamId: string): Promise<Iam> {
  const iam = await repos.iams.get(iamId);
  if (!iam) throw new RosterError('IAM_NOT_FOUND', `No IAM with ID "${iamId}".`, { details: { iamId } });
  return iam;
}

/** The user, or USER_NOT_FOUND. */
export async function requireUserIn(repos: ReadRepositories, userId: string): Promise<User> {
  const user = await repos.users.get(userId);
  if (!user) throw new RosterError('USER_NOT_FOUND', `No user with id "${userId}".`, { details: { userId } });
  return user;
}

/** The group, or GROUP_NOT_FOUND. */
export async function requireGroupIn(repos: ReadRepositories, groupId: string): Promise<Group> {
  const group = await repos.groups.get(groupId);
  if (!group) throw new RosterError('GROUP_NOT_FOUND', `No group with id "${groupId}".`, { details: { groupId } });
  return group;
}
