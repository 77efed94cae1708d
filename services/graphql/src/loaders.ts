import DataLoader from 'dataloader';
import {
  RosterError,
  type Email,
  type Group,
  type GroupMembersPageRequest,
  type Iam,
  type IamSummary,
  type NamedAttribute,
  type Roster,
  type SyncRun,
  type UserGroupsPageRequest,
  type UserSummary,
} from '@roster/core';

/** Per-request batching, so lists never query once per item. */
export interface Loaders {
  readonly iam: DataLoader<string, Iam>;
  /** Users by id (null: no such user). */
  readonly user: DataLoader<string, UserSummary | null>;
  /** Groups by id (null: no such group). */
  readonly group: DataLoader<string, Group | null>;
  /** Sync runs by id (null: no such run). */
  readonly syncRun: DataLoader<string, SyncRun | null>;
  /** A user's emails, by position. */
  userEmails(userId: string): Promise<readonly Email[]>;
  /** A user's attributes, by name. */
  userAttributes(userId: string): Promise<readonly NamedAttribute[]>;
  /** What the user's IdP last sent for it (User.sourceAttributes); `{}` for no such user. */
  readonly userSourceAttributes: DataLoader<string, unknown>;
  /** One page of a user's groups (see {@link UserGroupsPageRequest}). */
  userGroups(request: UserGroupsPageRequest): Promise<readonly Group[]>;
  /** One page of a group's members (see {@link GroupMembersPageRequest}). */
  groupMembers(request: GroupMembersPageRequest): Promise<UserSummary[]>;
  /** A group's attributes, by name. */
  groupAttributes(groupId: string): Promise<readonly NamedAttribute[]>;
  /** How many members a group has. */
  groupMemberCount(groupId: string): Promise<number>;
  /** An IAM's user count and last sync run (for IAM lists). */
  readonly iamSummary: DataLoader<string, IamSummary>;
}

type RelationKey =
  { readonly kind: 'emails' | 'attributes'; readonly userId: string } | ({ readonly kind: 'groups' } & UserGroupsPageRequest);
type RelationValue = readonly Email[] | readonly NamedAttribute[] | readonly Group[];
type GroupRelationKey = { readonly kind: 'attributes' | 'memberCount'; readonly groupId: string };

/**
 * The loaders of one request, on the roster's read model. The emails, attributes and group pages
 * that a list of users asks for in the same tick are read in one statement, as are the member
 * pages, attributes and member counts of a list of groups. Nothing is cached beyond the batch: a
 * later mutation in the same request must see its own writes.
 */
export function createLoaders(roster: Roster): Loaders {
  const reads = roster.readModel;
  const relations = new DataLoader<RelationKey, RelationValue>(
    async (keys) => {
      const of = (kind: 'emails' | 'attributes') => keys.flatMap((key) => (key.kind === kind ? [key.userId] : []));
      const groupPages = keys.filter((key) => key.kind === 'groups');
      const {
        emails,
        attributes,
        groupPages: pages,
      } = await reads.userRelations({ emailsOf: of('emails'), attributesOf: of('attributes'), groupPages });
      let page = 0;
      return keys.map((key) =>
        key.kind === 'emails' ? emails.get(key.userId)! : key.kind === 'attributes' ? attributes.get(key.userId)! : pages[page++]!,
      );
    },
    { cache: false },
  );
  const groupRelations = new DataLoader<GroupRelationKey, readonly NamedAttribute[] | number>(
    async (keys) => {
      const { attributes, memberCounts } = await reads.groupRelations([...new Set(keys.map((key) => key.groupId))]);
      return keys.map((key) => (key.kind === 'attributes' ? attributes.get(key.groupId)! : memberCounts.get(key.groupId)!));
    },
    { cache: false },
  );
  const memberPages = new DataLoader<GroupMembersPageRequest, UserSummary[]>((requests) => reads.groupMemberPages(requests), {
    cache: false,
  });
  return {
    iam: new DataLoader<string, Iam>(async (ids) => {
      const iams = new Map((await roster.listIams()).map((iam) => [iam.id, iam]));
      return ids.map((id) => iams.get(id) ?? new RosterError('IAM_NOT_FOUND', `No IAM with ID "${id}".`));
    }),
    user: byId((ids) => reads.usersByIds(ids)),
    group: byId((ids) => reads.groupsByIds(ids)),
    syncRun: byId((ids) => reads.syncRunsByIds(ids)),
    userEmails: (userId) => relations.load({ kind: 'emails', userId }) as Promise<readonly Email[]>,
    userAttributes: (userId) => relations.load({ kind: 'attributes', userId }) as Promise<readonly NamedAttribute[]>,
    userGroups: (request) => relations.load({ kind: 'groups', ...request }) as Promise<readonly Group[]>,
    // Only administrators ask for these (they can be large): read on demand, one query per batch.
    userSourceAttributes: new DataLoader<string, unknown>(
      async (ids) => {
        const sources = await reads.userSourceAttributes(ids);
        return ids.map((id) => sources.get(id) ?? {});
      },
      { cache: false },
    ),
    groupMembers: (request) => memberPages.load(request),
    groupAttributes: (groupId) => groupRelations.load({ kind: 'attributes', groupId }) as Promise<readonly NamedAttribute[]>,
    groupMemberCount: (groupId) => groupRelations.load({ kind: 'memberCount', groupId }) as Promise<number>,
    iamSummary: new DataLoader<string, IamSummary>(
      async (ids) => {
        const summaries = await reads.iamSummaries(ids);
        return ids.map((id) => summaries.get(id)!);
      },
      { cache: false },
    ),
  };
}

/** A loader of rows by id, batched per tick, not cached beyond the batch; null for an id that names no row. */
function byId<T extends { readonly id: string }>(load: (ids: readonly string[]) => Promise<readonly T[]>): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const rows = new Map((await load(ids)).map((row) => [row.id, row]));
      return ids.map((id) => rows.get(id) ?? null);
    },
    { cache: false },
  );
}
