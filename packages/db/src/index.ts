/** @roster/db: the one Prisma schema, its migrations, the database factory and core's store. */
export { openDatabase, type Database, type DatabaseConfig, type PoolUse } from './client/open-database.ts';
export type { SqlReader } from './client/sql-reader.ts';
export { createPrismaStore, type PrismaStoreOptions } from './store/prisma-store.ts';
export { createAsyncOriginScope } from './origin/async-origin-scope.ts';
export { createInProcessNotifier } from './notify/in-process-notifier.ts';
export { createRedisNotifier, type ClosableNotifier } from './notify/redis-notifier.ts';
export { createPostgresJobQueue, type PostgresJobQueueOptions } from './jobs/postgres-job-queue.ts';
export { applyMigrations } from './migrations/apply-migrations.ts';
export { readMigrationState, type MigrationState } from './client/migration-state.ts';
export { MigrationError } from './migrations/migration-error.ts';
export { PrismaClient, Prisma } from './generated/prisma/client.ts';
