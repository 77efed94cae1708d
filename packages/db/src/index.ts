/** @roster/db: the one Prisma schema, its migrations, the database factory and core's store. */
export { openDatabase, type Database, type DatabaseConfig, type PoolUse } from './client/open-database.ts';
export type { SqlReader } from './client/sql-reader.ts';
export { createPrismaStore, type PrismaStoreOptions } from './store/prisma-store.ts';
export { mapPrismaError } from './store/map-prisma-error.ts';
export {
  loadUserRelations,
  type UserAttributeView,
  type UserEmailView,
  type UserGroupsPageRequest,
  type UserRelations,
  type UserRelationsRequest,
} from './store/user-relations-query.ts';
export {
  countUsers,
  listUsers,
  userListPosition,
  usersByIds,
  type ListedUser,
  type UserListFilter,
  type UserListInclude,
  type UserListOrder,
  type UserListPage,
  type UserListPosition,
} from './store/user-list-query.ts';
export { loadGroupMemberPages, type GroupMembersPageRequest } from './store/group-members-query.ts';
export { membershipPageKey, type MembershipPageRequest } from './store/membership-pages.ts';
export type { UserRecord } from './store/user-records.ts';
export { groupsByIds, type GroupRecord } from './store/group-records.ts';
export { isUuid } from './store/user-repository.ts';
export { createInProcessNotifier } from './notify/in-process-notifier.ts';
export { createRedisNotifier, type ClosableNotifier } from './notify/redis-notifier.ts';
export { applyMigrations } from './migrations/apply-migrations.ts';
export { readMigrationState, type MigrationState } from './client/migration-state.ts';
export { MigrationError } from './migrations/migration-error.ts';
export { PrismaClient, Prisma } from './generated/prisma/client.ts';
export type { default as PothosPrismaTypes } from './generated/pothos-types.ts';
export { getDatamodel } from './generated/pothos-types.ts';
