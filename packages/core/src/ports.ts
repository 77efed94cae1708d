import type { EventOrigin } from './events/event-origin.ts';
import type { EventDraft, EventType, RosterEvent, RosterEventWithSubject } from './events/event-types.ts';
import type { AttributeMap } from './rules/attribute-mapping.ts';
import type { ApiToken, Group, Iam, Session, SyncRun, User } from './model.ts';
import type { GroupQuery, QueryPage } from './query/resource-query.ts';
import type { ReadModel } from './read-model.ts';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks/webhook-model.ts';

/** Time, injected so tests and replays control it. */
export interface Clock {
  now(): Date;
}

/** Randomness: ids and bearer tokens. */
export interface Randomness {
  /** A random UUID (v4). */
  uuid(): string;
  /** A URL-safe random token carrying `bytes` bytes of entropy. */
  token(bytes: number): string;
}

/** One-way hashing of high-entropy secrets (bearer tokens). */
export interface Hasher {
  /** Lower-case hex SHA-256 of the UTF-8 text. */
  sha256(text: string): Promise<string>;
}

/** Symmetric encryption of configuration secrets at rest (bind passwords, client secrets, keys). */
export interface SecretBox {
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/** Tells listeners that events exist after a sequence number. Carries no event data. */
export interface EventNotifier {
  publish(seq: number): void;
  subscribe(listener: (seq: number) => void): () => void;
}

/** A query over the event log, oldest first. */
export interface EventQuery {
  readonly after: number;
  readonly iamId?: string;
  readonly types?: readonly EventType[];
  /** Only the events about this subject (a user's or group's raw id, an IAM ID, a sync run's id). */
  readonly subjectId?: string;
  readonly limit: number;
  /** The newest `limit` events after `after` instead of the oldest (still returned in sequence order). */
  readonly newest?: boolean;
  /** Read each event's subject snapshot too (see {@link RosterEventWithSubject}); not read otherwise. */
  readonly subjects?: boolean;
}

/** IAM storage. */
export interface IamRepository {
  get(id: string): Promise<Iam | null>;
  /** Reads the IAM and locks it until the transaction ends (serializes sync runs, deletes). */
  lock(id: string): Promise<Iam | null>;
  list(): Promise<Iam[]>;
  /** IAM IDs equal to `base` or starting with `base-`. */
  idsLike(base: string): Promise<string[]>;
  insert(iam: Iam): Promise<void>;
  update(iam: Iam): Promise<void>;
  delete(id: string): Promise<void>;
  /** Records the outcome of a call to the IAM's external groups-and-attributes endpoint. */
  recordExternalLookup(id: string, status: ExternalLookupStatus): Promise<void>;
  externalLookupStatus(id: string): Promise<ExternalLookupStatus | null>;
}

/** User storage. Lookups by name or email are case-insensitive. */
export interface UserRepository {
  get(id: string): Promise<User | null>;
  getMany(ids: readonly string[]): Promise<User[]>;
  findByUserName(iamId: string, userName: string): Promise<User | null>;
  findByExternalId(iamId: string, externalId: string): Promise<User | null>;
  findByEmail(iamId: string, email: string, type?: string): Promise<User[]>;
  findByDisplayName(iamId: string, displayName: string): Promise<User[]>;
  findByExternalUsername(externalUsername: string): Promise<User | null>;
  count(iamId: string, filter?: { readonly active?: boolean }): Promise<number>;
  /** Users of the IAM whose externalId is one of `externalIds` (one query: a sync page). */
  findByExternalIds(iamId: string, externalIds: readonly string[]): Promise<User[]>;
  /** Users of the IAM holding one of `userNames` (case-insensitive; one query). */
  findByUserNames(iamId: string, userNames: readonly string[]): Promise<User[]>;
  /** Inserts many new users at once (a sync page); same rules as insert. */
  insertMany(users: readonly User[]): Promise<void>;
  /** One page of the IAM's users in id order, after `afterId`: walks an IAM without loading it whole. */
  listPage(iamId: string, page: { readonly afterId?: string; readonly limit: number }): Promise<User[]>;
  insert(user: User): Promise<void>;
  /**
   * Writes `user` over `previous` (the state it was derived from); fails with VERSION_MISMATCH
   * unless the stored version is still `previous.version`.
   */
  update(user: User, previous: User): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Group storage. */
export interface GroupRepository {
  get(id: string): Promise<Group | null>;
  getMany(ids: readonly string[]): Promise<Group[]>;
  findByDisplayName(iamId: string, displayName: string): Promise<Group | null>;
  findByExternalId(iamId: string, externalId: string): Promise<Group | null>;
  insert(group: Group): Promise<void>;
  update(group: Group): Promise<void>;
  /** Bumps the group's version and lastModified atomically (its members changed). */
  touch(id: string, at: Date): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Group memberships. */
export interface MembershipRepository {
  /** Adds the users to the group; returns those that were not members before. */
  add(groupId: string, userIds: readonly string[]): Promise<string[]>;
  /** Removes the users from the group; returns those that were members. */
  remove(groupId: string, userIds: readonly string[]): Promise<string[]>;
  memberIds(groupId: string): Promise<string[]>;
  groupIdsOf(userId: string): Promise<string[]>;
  /** Users of the IAM that belong to at least one group. */
  userIdsWithGroups(iamId: string): Promise<string[]>;
  /** For each user, the display names of its groups (one query for all users). */
  groupNamesOf(userIds: readonly string[]): Promise<Map<string, string[]>>;
}

/** One membership: a user in a group. */
export interface MembershipPair {
  readonly groupId: string;
  readonly userId: string;
}

/**
 * Set-based reads and writes for directory syncs: each call is one statement for any number of
 * rows (a page of a thousand users, the memberships of fifty groups).
 */
export interface BulkRepository {
  /** Users of the IAM whose externalId is one of `externalIds`, emails included. */
  usersByExternalIds(iamId: string, externalIds: readonly string[]): Promise<User[]>;
  /** Users of the IAM holding one of `userNames` (case-insensitive). */
  usersByUserNames(iamId: string, userNames: readonly string[]): Promise<User[]>;
  /** Inserts new users with their emails; same rules as UserRepository.insert. */
  insertUsers(users: readonly User[]): Promise<void>;
  /** Stores the attributes of users that have none yet (just created). */
  insertUserAttributes(attributesByUser: ReadonlyMap<string, AttributeMap>): Promise<void>;
  /**
   * Writes changed users, emails included, each over the state it was derived from; fails with
   * VERSION_MISMATCH, writing none, unless every one is still at its `previous.version`.
   */
  updateUsers(changes: readonly { readonly user: User; readonly previous: User }[]): Promise<void>;
  /** Replaces each given user's attributes with the given ones. */
  replaceUserAttributes(attributesByUser: ReadonlyMap<string, AttributeMap>): Promise<void>;
  /** The ids among `ids` that name users of the IAM. */
  userIdsInIam(iamId: string, ids: readonly string[]): Promise<string[]>;
  /** The ids among `ids` of users that hold group-derived permissions. */
  userIdsWithGroupPermissions(ids: readonly string[]): Promise<string[]>;
  /** One page of the IAM's active users' ids, in id order after `afterId`. */
  activeUserIds(iamId: string, page: { readonly afterId?: string; readonly limit: number }): Promise<string[]>;
  /** Each group's member ids (every given group is a key). */
  memberIdsOfGroups(groupIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Each user's group ids (every given user is a key). */
  groupIdsOfUsers(userIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Adds the memberships; returns those that did not exist before. */
  addMemberships(pairs: readonly MembershipPair[]): Promise<MembershipPair[]>;
  /** Removes the memberships; returns those that existed. */
  removeMemberships(pairs: readonly MembershipPair[]): Promise<MembershipPair[]>;
  /** Bumps the groups' versions and lastModified (their members changed). */
  touchGroups(groupIds: readonly string[], at: Date): Promise<void>;
  /** Groups of the IAM holding one of `displayNames` (case-insensitive). */
  groupsByDisplayNames(iamId: string, displayNames: readonly string[]): Promise<Group[]>;
  /** Inserts new groups; same rules as GroupRepository.insert. */
  insertGroups(groups: readonly Group[]): Promise<void>;
  /** The IAM's groups that carry an externalId (they came from, or were matched to, a directory). */
  directoryGroups(iamId: string): Promise<Group[]>;
}

/** Attributes of users or of groups. */
export interface AttributeRepository {
  get(ownerId: string): Promise<AttributeMap>;
  getMany(ownerIds: readonly string[]): Promise<Map<string, AttributeMap>>;
  /** Replaces the owner's attributes with `attributes`. */
  replace(ownerId: string, attributes: AttributeMap): Promise<void>;
  /** Stores the attributes of owners that have none yet (just created), in one insert. */
  insertMany(attributesByOwner: ReadonlyMap<string, AttributeMap>): Promise<void>;
}

/** Sync runs. */
export interface SyncRunRepository {
  get(id: string): Promise<SyncRun | null>;
  findRunning(iamId: string): Promise<SyncRun | null>;
  listRunning(): Promise<SyncRun[]>;
  list(iamId: string, limit: number): Promise<SyncRun[]>;
  insert(run: SyncRun): Promise<void>;
  update(run: SyncRun): Promise<void>;
}

/** API tokens. */
export interface ApiTokenRepository {
  findByHash(tokenHash: string): Promise<ApiToken | null>;
  list(): Promise<ApiToken[]>;
  get(id: string): Promise<ApiToken | null>;
  insert(token: ApiToken): Promise<void>;
  update(token: ApiToken): Promise<void>;
  /**
   * Holds the issuing of a bootstrap admin token until the transaction ends, across every process
   * on the database: of several processes starting at once, one checks and issues while the others
   * wait, then see its token.
   */
  lockBootstrap(): Promise<void>;
}

/** What an update of a webhook endpoint may change: its configuration, secrets, and (replay, re-enable) its place in the log. */
export type WebhookEndpointChanges = Partial<
  Pick<
    WebhookEndpoint,
    | 'url'
    | 'description'
    | 'iamId'
    | 'types'
    | 'excludeOrigins'
    | 'enabled'
    | 'disabledReason'
    | 'secret'
    | 'previousSecret'
    | 'previousSecretUntil'
    | 'cursor'
    | 'failedAttempts'
    | 'retryAt'
    | 'failingSince'
  >
>;

/** A page of an endpoint's delivery history, newest first: `before` is the last try of the previous page. */
export interface WebhookDeliveryPage {
  readonly before?: { readonly attemptedAt: Date; readonly id: string };
  readonly limit: number;
}

/** Webhook endpoints and their delivery history. */
export interface WebhookRepository {
  get(id: string): Promise<WebhookEndpoint | null>;
  list(): Promise<WebhookEndpoint[]>;
  insert(endpoint: WebhookEndpoint): Promise<void>;
  /** Changes only the fields given: a delivery moving the cursor at the same time keeps its move unless the cursor is one of them. */
  update(id: string, changes: WebhookEndpointChanges): Promise<void>;
  delete(id: string): Promise<void>;
  /** Tries of deliveries to the endpoint, newest first. */
  deliveries(endpointId: string, page: WebhookDeliveryPage): Promise<WebhookDelivery[]>;
}

/** Where an endpoint stands after a try: its cursor, failed tries of the next event, when to try again. */
export interface WebhookEndpointProgress {
  readonly cursor: number;
  readonly failedAttempts: number;
  readonly retryAt: Date | null;
  readonly failingSince: Date | null;
}

/**
 * The delivery's side of webhook endpoints: leases (one process delivers to an endpoint at a
 * time) and progress, each one statement outside any change transaction.
 */
export interface WebhookDeliveryStore {
  /**
   * Leases to `owner`, until `now + leaseMs`, up to `limit` enabled endpoints whose cursor is below
   * `head`, with no retry due after `now` and no lease held by another process at `now`.
   */
  claim(request: {
    readonly owner: string;
    readonly leaseMs: number;
    readonly limit: number;
    readonly head: number;
    readonly now: Date;
  }): Promise<WebhookEndpoint[]>;
  /**
   * Records tries (they happened, whatever the lease) and moves the endpoint to `progress`, if
   * `owner` still holds its lease: the lease is extended to `leaseUntil`, or let go when null.
   * False when the lease was lost (the endpoint did not move).
   */
  settle(request: {
    readonly endpointId: string;
    readonly owner: string;
    readonly attempts: readonly WebhookDelivery[];
    readonly progress: WebhookEndpointProgress;
    readonly leaseUntil: Date | null;
  }): Promise<boolean>;
  /** Lets go of the lease, if `owner` holds it. */
  release(endpointId: string, owner: string): Promise<void>;
  /** Records a try outside the ordered stream (a ping). */
  recordAttempt(attempt: WebhookDelivery): Promise<void>;
  /** Forgets tries older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** Login sessions. */
export interface SessionRepository {
  findByHash(tokenHash: string): Promise<Session | null>;
  insert(session: Session): Promise<void>;
  update(session: Session): Promise<void>;
  /** Ends every open session of the user; returns how many. */
  endAllOf(userId: string, at: Date): Promise<number>;
  /**
   * Ends the open sessions a SAML IdP opened for this NameID in this IAM (IdP-initiated single
   * logout); only those with one of `sessionIndexes` when the IdP named any. Returns how many.
   */
  endSsoSessions(iamId: string, nameId: string, sessionIndexes: readonly string[], at: Date): Promise<number>;
}

/** A SAML request Roster sent and awaits the answer to. */
export interface PendingSamlRequest {
  /** The request's ID: the answer's InResponseTo. */
  readonly id: string;
  readonly iamId: string;
  readonly kind: 'LOGIN' | 'LOGOUT' | 'TEST_LOGIN';
  /** Where the browser goes afterwards (a local path), or the sealed draft of a test login. */
  readonly relayState: string | null;
  readonly expiresAt: Date;
}

/** One-time SAML state: requests awaiting answers, and assertion IDs already accepted. */
export interface SamlStateRepository {
  saveRequest(request: PendingSamlRequest): Promise<void>;
  /** Removes and returns the pending request of this IAM with this ID, unless it expired. */
  takeRequest(iamId: string, id: string, now: Date): Promise<PendingSamlRequest | null>;
  /**
   * Remembers an accepted assertion ID until it expires; false when it was already accepted
   * (a replay). Forgets expired ones as it goes.
   */
  rememberAssertion(iamId: string, assertionId: string, expiresAt: Date, now: Date): Promise<boolean>;
}

/** When an IAM's external groups-and-attributes endpoint last answered, and why it last failed. */
export interface ExternalLookupStatus {
  readonly at: Date;
  /** null when the last call succeeded. */
  readonly error: string | null;
}

/** Reads of the event log. */
export interface EventLogReader {
  /** Events after `query.after` in sequence order, at most `query.limit`, each with its subject snapshot. */
  readAfter(query: EventQuery & { readonly subjects: true }): Promise<RosterEventWithSubject[]>;
  /** Events after `query.after` in sequence order, at most `query.limit`. */
  readAfter(query: EventQuery): Promise<RosterEvent[]>;
  /** The highest committed sequence number (0 when the log is empty). */
  lastSeq(): Promise<number>;
}

/** Appending to the event log, inside the change's transaction. */
export interface EventLogWriter {
  /**
   * Numbers and stores the events. Sequence numbers are strictly increasing and handed out in
   * commit order: call it last in a transaction, as it holds the log until commit. Each event
   * carries `origin`, and a snapshot of its user or group subject as the transaction leaves it.
   */
  append(drafts: readonly EventDraft[], occurredAt: Date, origin: EventOrigin): Promise<RosterEvent[]>;
}

/** Filtered, sorted, paged reads of an IAM's groups, evaluated by the database (users: ReadModel.queryUserResources). */
export interface ResourceQueryRepository {
  groups(query: GroupQuery): Promise<QueryPage<Group>>;
}

/** The repositories as one unit. */
export interface Repositories {
  readonly iams: IamRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly memberships: MembershipRepository;
  readonly userAttributes: AttributeRepository;
  readonly groupAttributes: AttributeRepository;
  readonly syncRuns: SyncRunRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly sessions: SessionRepository;
  readonly saml: SamlStateRepository;
  readonly queries: ResourceQueryRepository;
  readonly bulk: BulkRepository;
  readonly webhooks: WebhookRepository;
}

/**
 * The repositories with their reads only: what {@link IdentityStore.read} hands out. No insert,
 * update, delete, lock or one-time SAML state: those belong inside a change's transaction.
 */
export interface ReadRepositories {
  readonly iams: Pick<IamRepository, 'get' | 'list' | 'idsLike' | 'externalLookupStatus'>;
  readonly users: Omit<UserRepository, 'insert' | 'insertMany' | 'update' | 'delete'>;
  readonly groups: Pick<GroupRepository, 'get' | 'getMany' | 'findByDisplayName' | 'findByExternalId'>;
  readonly memberships: Omit<MembershipRepository, 'add' | 'remove'>;
  readonly userAttributes: Pick<AttributeRepository, 'get' | 'getMany'>;
  readonly groupAttributes: Pick<AttributeRepository, 'get' | 'getMany'>;
  readonly syncRuns: Pick<SyncRunRepository, 'get' | 'findRunning' | 'listRunning' | 'list'>;
  readonly apiTokens: Pick<ApiTokenRepository, 'findByHash' | 'list' | 'get'>;
  readonly sessions: Pick<SessionRepository, 'findByHash'>;
  readonly webhooks: Pick<WebhookRepository, 'get' | 'list' | 'deliveries'>;
  readonly queries: ResourceQueryRepository;
  readonly bulk: Pick<
    BulkRepository,
    | 'usersByExternalIds'
    | 'usersByUserNames'
    | 'userIdsInIam'
    | 'userIdsWithGroupPermissions'
    | 'activeUserIds'
    | 'memberIdsOfGroups'
    | 'groupIdsOfUsers'
    | 'groupsByDisplayNames'
    | 'directoryGroups'
  >;
}

/** A new user, its first attributes and the events recording them: {@link IdentityStore.insertNewUser}. */
export interface NewUserWrite {
  readonly user: User;
  readonly attributes: AttributeMap;
  readonly drafts: readonly EventDraft[];
  readonly occurredAt: Date;
  /** Who made the write (taken when it is made: writes of several requests may share a statement). */
  readonly origin: EventOrigin;
}

/** Repositories bound to one transaction, plus the event log writer. */
export interface TransactionRepositories extends Repositories {
  readonly events: EventLogWriter;
}

/**
 * Roster's storage. `transact` runs work in one database transaction: all of it commits, with
 * its events, or none of it does. After a commit that appended events, the store publishes the
 * last sequence number on its notifier.
 */
export interface IdentityStore {
  transact<T>(work: (tx: TransactionRepositories) => Promise<T>): Promise<T>;
  /**
   * Inserts a new user (emails included) with its first attributes and appends its events, all
   * or nothing, without reading anything first: one statement rather than a transaction of many.
   * The unique indexes decide uniqueness (USER_NAME_TAKEN, EXTERNAL_USERNAME_CLAIMED); a missing
   * IAM is IAM_NOT_FOUND. Concurrent calls may share a database transaction (group commit), but
   * each succeeds or fails on its own. Returns the appended events; the notifier is told.
   */
  insertNewUser(write: NewUserWrite): Promise<RosterEvent[]>;
  /** Runs reads outside any transaction, on the repositories' read methods. */
  read<T>(work: (repos: ReadRepositories) => Promise<T>): Promise<T>;
  /** The lists and lookups the APIs show, each one statement (see {@link ReadModel}). */
  readonly readModel: ReadModel;
  readonly events: EventLogReader;
  readonly notifier: EventNotifier;
  readonly webhookDelivery: WebhookDeliveryStore;
}
