import type { ApiToken, Email, Group, SyncRun, User } from './model.ts';
import type { QueryPage, UserQuery } from './query/resource-query.ts';
import type { AttributeMap } from './rules/attribute-mapping.ts';
import type { SourceAttributes } from './rules/source-attributes.ts';

// The read port: the lists and lookups an API shows (GraphQL's users, groups, members, sync
// runs), each one statement for a whole page however many rows and relations it holds. Types
// only; packages/db implements it (createSqlReadModel). Events are read through
// `IdentityStore.events` (EventLogReader), which is already a port of its own.

/** A user as lists show it: every field but the emails and the kept source (read on demand). */
export interface UserSummary extends Omit<User, 'emails' | 'sourceAttributes'> {
  /** The userName as users are compared, sorted and paged by (lower-cased by the store). */
  readonly userNameKey: string;
}

/** What a list of users is narrowed to; every condition is evaluated by the store. */
export interface UserListFilter {
  readonly iamId?: string | null | undefined;
  readonly active?: boolean | null | undefined;
  /** Case-insensitive text in the userName, the names or an email; `%` and `_` are literal. */
  readonly search?: string | null | undefined;
  /** Members of this group. */
  readonly groupId?: string | null | undefined;
  /** Users with this attribute; with a value, with that value among its values (compared exactly). */
  readonly attribute?: { readonly name: string; readonly value?: string | null | undefined } | null | undefined;
}

/** The orders a list of users comes in; each is broken by id, in the same direction. */
export type UserListOrder = 'userName' | 'displayName' | 'createdAt' | 'updatedAt';

/** Where a user stands in an order: the order's value as text (null sorts last ascending) and the id. */
export interface UserListPosition {
  readonly value: string | null;
  readonly id: string;
}

/** One keyset page of a list of users. */
export interface UserListPage extends UserListFilter {
  readonly order: UserListOrder;
  readonly descending: boolean;
  /**
   * Rows to read: > 0 forwards from the start (or after `cursor`), < 0 backwards from the end (or
   * before `cursor`), as Relay's `first`/`last` count. Rows come back in the order either way.
   */
  readonly take: number;
  readonly cursor?: UserListPosition | undefined;
}

/**
 * One page of one side of memberships: a user's groups (by group id) or a group's members (by
 * user id). `take` > 0 pages forwards after `cursor`, < 0 backwards before it; `cursor` is an id
 * of the other side (the cursor row itself is skipped).
 */
export interface MembershipPageRequest {
  readonly take: number;
  readonly cursor?: string | undefined;
}

/** One page of a user's groups. */
export interface UserGroupsPageRequest extends MembershipPageRequest {
  readonly userId: string;
}

/** One page of a group's members. */
export interface GroupMembersPageRequest extends MembershipPageRequest {
  readonly groupId: string;
}

/** Relations to read with a page of users, in the same statement (what the query will show). */
export interface UserListInclude {
  readonly emails?: boolean;
  /** Pages of each user's groups, each as `user.groups` with these arguments shows it. */
  readonly groupPages?: readonly MembershipPageRequest[];
}

/** A listed user, with the relations the list was asked to include. */
export interface ListedUser extends UserSummary {
  /** The user's emails, by position (when included). */
  readonly emails?: readonly Email[];
  /** A page of the user's groups that was included with the list, or undefined when it was not. */
  includedGroupPage?(request: MembershipPageRequest): readonly Group[] | undefined;
}

/** An attribute as an attribute list shows it. */
export interface NamedAttribute {
  readonly name: string;
  readonly values: string[];
}

/** What to read for a list of users; each part only when asked for. */
export interface UserRelationsRequest {
  readonly emailsOf?: readonly string[];
  readonly attributesOf?: readonly string[];
  readonly groupPages?: readonly UserGroupsPageRequest[];
}

/** Emails (by position) and attributes (by name) by user id, and one group page per request. */
export interface UserRelations {
  readonly emails: ReadonlyMap<string, readonly Email[]>;
  readonly attributes: ReadonlyMap<string, readonly NamedAttribute[]>;
  readonly groupPages: readonly (readonly Group[])[];
}

/** What a list of groups is narrowed to. */
export interface GroupListFilter {
  readonly iamId?: string | null | undefined;
  /** Case-insensitive text in the displayName. */
  readonly search?: string | null | undefined;
  /** Groups this user is a member of. */
  readonly memberId?: string | null | undefined;
}

/** One page of a list of groups, by displayName (case-insensitively) then id. */
export interface GroupListPage extends GroupListFilter {
  /** As {@link UserListPage.take}. */
  readonly take: number;
  /** The id of the group the page starts after (or ends before); an unknown id reads nothing. */
  readonly cursor?: string | undefined;
}

/** Attributes (by name) and member counts by group id, for the groups asked about. */
export interface GroupRelations {
  readonly attributes: ReadonlyMap<string, readonly NamedAttribute[]>;
  readonly memberCounts: ReadonlyMap<string, number>;
}

/** What an IAM list shows of each IAM beyond its settings. */
export interface IamSummary {
  /** Its users, deactivated ones included (as `users(iamId)` counts them). */
  readonly userCount: number;
  /** Its most recently started sync run, if it ever ran one. */
  readonly lastSyncRunId: string | null;
}

/**
 * A user as a provisioning protocol (SCIM) shows it: the whole user with its emails and kept
 * source, its attributes, and its groups' ids when they were asked for (null when not).
 */
export interface UserResource {
  readonly user: User;
  readonly attributes: AttributeMap;
  readonly groupIds: readonly string[] | null;
}

/** What to read with user resources beyond the user and its attributes. */
export interface UserResourceInclude {
  readonly groupIds?: boolean;
}

/**
 * Reads for the APIs, outside transactions. Ids that name nothing are left out of the answers
 * (an id that is not even an id included); a lost database is STORAGE_UNAVAILABLE.
 */
export interface ReadModel {
  /**
   * A page of a storage-neutral user query (SCIM's filters, sort and offset) with the number of
   * all matches, each user whole: one statement, however many users and relations the page holds.
   */
  queryUserResources(query: UserQuery, include?: UserResourceInclude): Promise<QueryPage<UserResource>>;
  /** The IAM's live (not deprovisioned) user with this id, whole; undefined when there is none. */
  userResource(iamId: string, id: string, include?: UserResourceInclude): Promise<UserResource | undefined>;
  /** A keyset page of users with the relations asked for, in one statement. */
  listUsers(page: UserListPage, include?: UserListInclude): Promise<ListedUser[]>;
  /** How many users the filter matches. */
  countUsers(filter: UserListFilter): Promise<number>;
  /** The users with these ids, in no particular order. */
  usersByIds(ids: readonly string[]): Promise<UserSummary[]>;
  /** The emails, attributes and group pages of many users, in one statement. */
  userRelations(request: UserRelationsRequest): Promise<UserRelations>;
  /** What the IdPs last sent for these users (a user that is not there is left out). */
  userSourceAttributes(ids: readonly string[]): Promise<ReadonlyMap<string, SourceAttributes>>;
  /** Pages of members of many groups, in one statement; one answer per request, in order. */
  groupMemberPages(requests: readonly GroupMembersPageRequest[]): Promise<UserSummary[][]>;
  /** A page of groups, in order. */
  listGroups(page: GroupListPage): Promise<Group[]>;
  /** How many groups the filter matches. */
  countGroups(filter: GroupListFilter): Promise<number>;
  /** The groups with these ids, in no particular order. */
  groupsByIds(ids: readonly string[]): Promise<Group[]>;
  /** The attributes and member counts of many groups, in one statement. */
  groupRelations(groupIds: readonly string[]): Promise<GroupRelations>;
  /** The sync runs with these ids, in no particular order. */
  syncRunsByIds(ids: readonly string[]): Promise<SyncRun[]>;
  /** An IAM's sync runs, newest first. */
  listSyncRuns(iamId: string, limit: number): Promise<SyncRun[]>;
  /** User counts and last sync runs of these IAMs, in one statement; every id is a key. */
  iamSummaries(iamIds: readonly string[]): Promise<ReadonlyMap<string, IamSummary>>;
  /** One API token (revoked and expired ones included), or null. */
  apiToken(id: string): Promise<ApiToken | null>;
}
