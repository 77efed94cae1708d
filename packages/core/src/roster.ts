import { setGroupAttributes, setUserAttributes } from './attributes/attribute-ops.ts';
import { currentOrigin, type EventOrigin } from './events/event-origin.ts';
import { bindOperations, bindOwnTransactions, runChange, type RosterDeps } from './context.ts';
import { changeMemberships, replaceGroupMembers } from './groups/bulk-memberships.ts';
import { createGroups } from './groups/create-groups.ts';
import { addMembers, createGroup, deleteGroup, removeMembers, replaceMembers, updateGroup } from './groups/group-ops.ts';
import { createIamService } from './iam/iam-service.ts';
import { claimScheduledSyncRun } from './sync/claim-scheduled-sync-run.ts';
import { beatSyncRun, failInterruptedSyncRuns, failSyncRun, finishSyncRun, recordSyncProgress, startSyncRun } from './sync/sync-run-ops.ts';
import { createApiTokenService, type ApiTokenServiceOptions } from './tokens/api-token-service.ts';
import { createUsers } from './users/create-users.ts';
import { createWebhookService, type WebhookServiceOptions } from './webhooks/webhook-service.ts';
import { createUser, deactivateUser, reactivateUser, removeUser, updateUser } from './users/user-ops.ts';
import { provisionUser, type ProvisionUserInput } from './users/provision-user.ts';
import type { Iam, UserSource } from './model.ts';
import { migrateUser } from './users/migrate-user.ts';
import { loginUser } from './users/login-user.ts';
import { createSessionService, type SessionPolicy } from './sessions/session-service.ts';
import { recordExternalLookup, rememberSamlAssertion, saveSamlRequest, saveTestLogin, takeSamlRequest } from './sessions/sso-state-ops.ts';
import { openIamSecret } from './iam/iam-secrets.ts';
import { createScimTokenCheck } from './iam/scim-token.ts';
import { migrateUsers } from './users/reconcile/migrate-users.ts';
import { reconcileDirectoryUsers } from './users/reconcile/reconcile-directory-users.ts';
import { reconcilePushedUser } from './users/reconcile/reconcile-pushed-user.ts';
import { writeSourcedUser, type SourcedUser } from './users/reconcile/sourced-user.ts';
import type { ChangeContext } from './context.ts';

/** Every operation that changes identity data; each records its events. */
const changeOperations = {
  createUser,
  createUsers,
  updateUser,
  deactivateUser,
  reactivateUser,
  removeUser,
  setUserAttributes,
  migrateUser,
  migrateUsers,
  loginUser,
  writeSourcedUser,
  reconcileDirectoryUsers,
  createGroup,
  createGroups,
  updateGroup,
  deleteGroup,
  addMembers,
  removeMembers,
  replaceMembers,
  changeMemberships,
  replaceGroupMembers,
  setGroupAttributes,
  startSyncRun,
  recordSyncProgress,
  finishSyncRun,
  failSyncRun,
  failInterruptedSyncRuns,
  claimScheduledSyncRun,
  beatSyncRun,
  saveSamlRequest,
  takeSamlRequest,
  rememberSamlAssertion,
  saveTestLogin,
  recordExternalLookup,
};

/** The change operations, bound either to their own transactions or to a shared one. */
export type ChangeOperations = ReturnType<typeof bindOperations<typeof changeOperations>>;

/** The change operations bound to one change context (a transaction of the caller's). */
export function bindChangeOperations(ctx: ChangeContext): ChangeOperations {
  return bindOperations(changeOperations, ctx);
}

/**
 * Roster's domain, wired to its ports: use cases only. Each change operation runs in a
 * transaction of its own and commits with its events; `transaction` runs several as one, all or
 * nothing (a SCIM PATCH, a page of an LDAP sync). Nothing here hands out a port or a writable
 * repository: what a transport needs of time, secrets or storage is a named use case.
 */
export function createRoster(
  deps: RosterDeps,
  options: ApiTokenServiceOptions & WebhookServiceOptions & { readonly sessions?: SessionPolicy } = {},
) {
  const matchesScimToken = createScimTokenCheck(deps.hasher);
  return {
    ...bindOwnTransactions(changeOperations, deps),
    ...createIamService(deps),
    ...createApiTokenService(deps, options),
    ...createSessionService(deps, options.sessions),
    ...createWebhookService(deps, options),
    /** Creates a user with its first attributes in one write; see {@link provisionUser}. */
    provisionUser: (iam: Iam, input: ProvisionUserInput, source: UserSource) => provisionUser(deps, iam, input, source),
    /** Reconciles a user an IdP pushed (SCIM POST) with the IAM's users; see {@link reconcilePushedUser}. */
    reconcilePushedUser: (iam: Iam, sent: SourcedUser, source: UserSource) => reconcilePushedUser(deps, iam, sent, source),
    /** Runs `work` with operations bound to one transaction: all of it commits, with its events, or none. */
    transaction<T>(work: (ops: ChangeOperations) => Promise<T>): Promise<T> {
      // Reads inside the work go through the operations: on embedded PGlite a read outside the
      // transaction would wait for the transaction to end.
      return runChange(deps, (tx, record) => work(bindChangeOperations({ tx, record, deps })));
    },
    /** Reads through the repositories' read methods, outside any transaction. */
    read: deps.store.read.bind(deps.store),
    /** The lists and lookups the APIs show, each one statement (core's read port, `read-model.ts`). */
    readModel: deps.store.readModel,
    events: deps.store.events,
    notifier: deps.store.notifier,
    /** Roster's time (the clock it was given): for decisions a transport makes about schedules. */
    now: (): Date => deps.clock.now(),
    /** A configuration secret of the IAM, opened for its destination (a bind password, a client secret); null when unset. */
    openIamSecret: (iam: Iam, field: string): Promise<string | null> => openIamSecret(iam, field, deps.secrets),
    /** Seals short-lived state a browser carries (a login in progress), so it can neither read nor alter it. */
    sealState: (state: unknown): Promise<string> => deps.secrets.seal(JSON.stringify(state)),
    /** Opens state sealed by {@link sealState}; fails when it was altered or sealed with another key. */
    openState: async <T>(sealed: string): Promise<T> => JSON.parse(await deps.secrets.open(sealed)) as T,
    /** Whether `token` is the IAM's SCIM bearer token (constant time; hashes are cached). */
    matchesScimToken,
    /**
     * Runs `work` with `origin` as the origin of every event it causes, in it and everything it
     * awaits (a transport calls this once it knows who is asking).
     */
    withOrigin: <T>(origin: EventOrigin, work: () => T): T => deps.origins.run(origin, work),
    /** The origin the work running now stamps on its events (SYSTEM outside any {@link withOrigin}). */
    currentOrigin: (): EventOrigin => currentOrigin(deps.origins),
  };
}

/** Roster's domain facade; see {@link createRoster}. */
export type Roster = ReturnType<typeof createRoster>;
