/** Test helpers for Roster's packages: migrated test databases and the store contract suite. */
export {
  createPgliteTestDatabase,
  createPostgresTestDatabase,
  createUnreachableTestDatabase,
  TEST_POSTGRES_URL,
  withAdmin,
  type TestDatabase,
  type TestDatabaseOptions,
} from './test-databases.ts';
export { createTestRoster, type TestRoster } from './test-roster.ts';
export { describeStoreContract, expectCode } from './store-contract.ts';
export { startRedisServer } from './redis-server.ts';
export { freePort } from './free-port.ts';
