/** @roster/ldap-sync: scheduled, paged directory sync of LDAP IAMs, as a worker with start()/stop(). */
export {
  createLdapSyncWorker,
  type LdapSyncWorker,
  type LdapSyncWorkerOptions,
  type RunNowOptions,
  type StartedSync,
  type SyncLogger,
} from './worker/ldap-sync-worker.ts';
export { decideScheduledRun, chooseMode, deltaSince, type RetryPolicy } from './worker/decide-schedule.ts';
export { DirectoryError, type DirectoryFailure } from './ldap/directory-error.ts';
export { testLdapConnection, type LdapConnectionStep } from './ldap/test-ldap-connection.ts';
