import DataLoader from 'dataloader';
import { RosterError, type Iam, type Roster } from '@roster/core';
import { loadUserRelations, type MembershipWithGroup, type PrismaClient, type UserEmailView, type UserGroupsPageRequest } from '@roster/db';

/** Per-request batching, so lists never query once per item. */
export interface Loaders {
  readonly iam: DataLoader<string, Iam>;
  /** A user's emails, by position. */
  userEmails(userId: string): Promise<UserEmailView[]>;
  /** One page of a user's groups (see {@link UserGroupsPageRequest}). */
  userGroups(request: UserGroupsPageRequest): Promise<MembershipWithGroup[]>;
}

type RelationKey = { readonly kind: 'emails'; readonly userId: string } | ({ readonly kind: 'groups' } & UserGroupsPageRequest);

/**
 * The loaders of one request. The emails and group pages that a list of users asks for in the
 * same tick are read in one SQL statement. Nothing is cached beyond the batch: a later mutation
 * in the same request must see its own writes.
 */
export function createLoaders(roster: Roster, prisma: PrismaClient): Loaders {
  const relations = new DataLoader<RelationKey, UserEmailView[] | MembershipWithGroup[]>(
    async (keys) => {
      const emailsOf = keys.flatMap((key) => (key.kind === 'emails' ? [key.userId] : []));
      const groupKeys = keys.filter((key) => key.kind === 'groups');
      const { emails, groupPages } = await loadUserRelations(prisma, emailsOf, groupKeys);
      let page = 0;
      return keys.map((key) => (key.kind === 'emails' ? emails.get(key.userId) ?? [] : groupPages[page++]!));
    },
    { cache: false },
  );
  return {
    iam: new DataLoader<string, Iam>(async (ids) => {
      const iams = new Map((await roster.listIams()).map((iam) => [iam.id, iam]));
      return ids.map((id) => iams.get(id) ?? new RosterError('IAM_NOT_FOUND', `No IAM with ID "${id}".`));
    }),
    userEmails: (userId) => relations.load({ kind: 'emails', userId }) as Promise<UserEmailView[]>,
    userGroups: (request) => relations.load({ kind: 'groups', ...request }) as Promise<MembershipWithGroup[]>,
  };
}
