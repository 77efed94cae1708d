import { setGroupAttributes, setUserAttributes } from './attributes/attribute-ops.ts';
import type { Repositories } from './ports.ts';
import { bindOperations, bindOwnTransactions, runChange, type RosterDeps } from './context.ts';
import { changeMemberships, replaceGroupMembers } from './groups/bulk-memberships.ts';
import { createGroups } from './groups/create-groups.ts';
import { addMembers, createGroup, deleteGroup, removeMembers, replaceMembers, updateGroup } from './groups/group-ops.ts';
import { createIamService } from './iam/iam-service.ts';
import { claimScheduledSyncRun } from './sync/claim-scheduled-sync-run.ts';
import { beatSyncRun, failInterruptedSyncRuns, failSyncRun, finishSyncRun, recordSyncProgress, startSyncRun } from './sync/sync-run-ops.ts';
import { createApiTokenService, type ApiTokenServiceOptions } from './tokens/api-token-service.ts';
import { createUsers } from './users/create-users.ts';
import { createUser, deactivateUser, reactivateUser, removeUser, updateUser } from './users/user-ops.ts';
import { provisionUser, type ProvisionUserInput } from './users/provision-user.ts';
import type { Iam, UserSource } from './model.ts';
import { migrateUser } from './users/migrate-user.ts';
import { loginUser } from './users/login-user.ts';
import { createSessionService, type SessionPolicy } from './sessions/session-service.ts';

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
  loginUser,
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
};

/** The change operations, bound either to their own transactions or to a shared one. */
export type ChangeOperations = ReturnType<typeof bindOperations<typeof changeOperations>>;

/**
 * Roster's domain, wired to its ports. Each change operation runs in a transaction of its own and
 * commits with its events; `transaction` runs several as one, all or nothing (a SCIM PATCH, a
 * page of an LDAP sync).
 */
export function createRoster(deps: RosterDeps, options: ApiTokenServiceOptions & { readonly sessions?: SessionPolicy } = {}) {
  return {
    deps,
    ...bindOwnTransactions(changeOperations, deps),
    ...createIamService(deps),
    ...createApiTokenService(deps, options),
    ...createSessionService(deps, options.sessions),
    /** Creates a user with its first attributes in one write; see {@link provisionUser}. */
    provisionUser: (iam: Iam, input: ProvisionUserInput, source: UserSource) => provisionUser(deps, iam, input, source),
    /** Runs `work` with operations bound to one transaction. */
    transaction<T>(work: (ops: ChangeOperations, repos: Repositories) => Promise<T>): Promise<T> {
      // Reads inside the work must use `repos`: on embedded PGlite a read outside the
      // transaction would wait for the transaction to end.
      return runChange(deps, (tx, record) => work(bindOperations(changeOperations, { tx, record, deps }), tx));
    },
    /** Reads through the repositories' read methods, outside any transaction. */
    read: deps.store.read.bind(deps.store),
    /** The lists and lookups the APIs show, each one statement (core's read port, `read-model.ts`). */
    readModel: deps.store.readModel,
    events: deps.store.events,
    notifier: deps.store.notifier,
  };
}

/** Roster's domain facade; see {@link createRoster}. */
export type Roster = ReturnType<typeof createRoster>;
