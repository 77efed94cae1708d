import DataLoader from 'dataloader';
import { RosterError, type Iam, type Roster } from '@roster/core';
import {
  groupsByIds,
  loadGroupMemberPages,
  loadUserRelations,
  usersByIds,
  isUuid,
  type GroupMembersPageRequest,
  type GroupRecord,
  type PrismaClient,
  type SqlReader,
  type UserAttributeView,
  type UserEmailView,
  type UserGroupsPageRequest,
  type UserRecord,
} from '@roster/db';

/** Per-request batching, so lists never query once per item. */
export interface Loaders {
  readonly iam: DataLoader<string, Iam>;
  /** Users by id (null: no such user). */
  readonly user: DataLoader<string, UserRecord | null>;
  /** Groups by id (null: no such group). */
  readonly group: DataLoader<string, GroupRecord | null>;
  /** Sync runs by id, as Prisma rows (null: no such run). */
  readonly syncRun: DataLoader<string, SyncRunRow | null>;
  /** A user's emails, by position. */
  userEmails(userId: string): Promise<UserEmailView[]>;
  /** A user's attributes, by name. */
  userAttributes(userId: string): Promise<UserAttributeView[]>;
  /** What the user's IdP last sent for it (User.sourceAttributes); `{}` for no such user. */
  readonly userSourceAttributes: DataLoader<string, unknown>;
  /** One page of a user's groups (see {@link UserGroupsPageRequest}). */
  userGroups(request: UserGroupsPageRequest): Promise<GroupRecord[]>;
  /** One page of a group's members (see {@link GroupMembersPageRequest}). */
  groupMembers(request: GroupMembersPageRequest): Promise<UserRecord[]>;
}

type RelationKey =
  { readonly kind: 'emails' | 'attributes'; readonly userId: string } | ({ readonly kind: 'groups' } & UserGroupsPageRequest);
type RelationValue = UserEmailView[] | UserAttributeView[] | GroupRecord[];

/**
 * The loaders of one request. The emails, attributes and group pages that a list of users asks
 * for in the same tick are read in one SQL statement, as are the member pages of a list of groups.
 * Nothing is cached beyond the batch: a later mutation in the same request must see its own writes.
 */
export function createLoaders(roster: Roster, prisma: PrismaClient, reader: SqlReader): Loaders {
  const relations = new DataLoader<RelationKey, RelationValue>(
    async (keys) => {
      const of = (kind: 'emails' | 'attributes') => keys.flatMap((key) => (key.kind === kind ? [key.userId] : []));
      const groupPages = keys.filter((key) => key.kind === 'groups');
      const {
        emails,
        attributes,
        groupPages: pages,
      } = await loadUserRelations(reader, { emailsOf: of('emails'), attributesOf: of('attributes'), groupPages });
      let page = 0;
      return keys.map((key) =>
        key.kind === 'emails' ? emails.get(key.userId)! : key.kind === 'attributes' ? attributes.get(key.userId)! : pages[page++]!,
      );
    },
    { cache: false },
  );
  const memberPages = new DataLoader<GroupMembersPageRequest, UserRecord[]>((requests) => loadGroupMemberPages(reader, requests), {
    cache: false,
  });
  return {
    iam: new DataLoader<string, Iam>(async (ids) => {
      const iams = new Map((await roster.listIams()).map((iam) => [iam.id, iam]));
      return ids.map((id) => iams.get(id) ?? new RosterError('IAM_NOT_FOUND', `No IAM with ID "${id}".`));
    }),
    user: byId((ids) => usersByIds(reader, ids)),
    group: byId((ids) => groupsByIds(reader, ids)),
    syncRun: byId((ids) => prisma.syncRun.findMany({ where: { id: { in: ids.filter(isUuid) } } })),
    userEmails: (userId) => relations.load({ kind: 'emails', userId }) as Promise<UserEmailView[]>,
    userAttributes: (userId) => relations.load({ kind: 'attributes', userId }) as Promise<UserAttributeView[]>,
    userGroups: (request) => relations.load({ kind: 'groups', ...request }) as Promise<GroupRecord[]>,
    // Only administrators ask for these (they can be large): read on demand, one query per batch.
    userSourceAttributes: new DataLoader<string, unknown>(
      async (ids) => {
        const rows = await prisma.user.findMany({
          where: { id: { in: ids.filter(isUuid) } },
          select: { id: true, sourceAttributes: true },
        });
        const byId = new Map(rows.map((row) => [row.id, row.sourceAttributes]));
        return ids.map((id) => byId.get(id) ?? {});
      },
      { cache: false },
    ),
    groupMembers: (request) => memberPages.load(request),
  };
}

/** A sync run as Prisma returns it (what SyncRunNode shows). */
type SyncRunRow = Awaited<ReturnType<PrismaClient['syncRun']['findMany']>>[number];

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
