import { readMigrationFiles } from '../migrations/migration-files.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** How the database's schema compares with the committed migrations. */
export interface MigrationState {
  readonly applied: number;
  readonly expected: number;
  readonly upToDate: boolean;
  readonly latest: string | null;
}

/** Reads the migrations recorded as applied in `_prisma_migrations` against the committed ones. */
export async function readMigrationState(prisma: PrismaClient): Promise<MigrationState> {
  const [rows, files] = await Promise.all([
    prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    readMigrationFiles(),
  ]);
  const applied = new Set(rows.map((row) => row.migration_name));
  const expected = files.migrationDirectories.map((dir) => dir.path);
  return {
    applied: applied.size,
    expected: expected.length,
    upToDate: expected.every((name) => applied.has(name)),
    latest: rows.at(-1)?.migration_name ?? null,
  };
}
