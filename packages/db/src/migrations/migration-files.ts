import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';

// src/migrations/*.ts and dist/migrations/*.js sit at the same depth below the package root.
const prismaDir = new URL('../../prisma/', import.meta.url);

/** Absolute path of Roster's one Prisma schema. */
export const schemaPath = fileURLToPath(new URL('schema.prisma', prismaDir));

/** Absolute path of the committed migrations: `<timestamp>_<name>/migration.sql` each. */
export const migrationsDir = fileURLToPath(new URL('migrations', prismaDir));

/** The lock file `prisma migrate` keeps beside the migrations, naming the provider. */
export const lockfileName = 'migration_lock.toml';

/**
 * Reads a migrations folder laid out as `prisma migrate` lays it out into the list the schema
 * engine takes. A missing folder is an empty history; a directory without a readable
 * migration.sql is passed on as an error for the engine to report.
 */
export async function readMigrationFiles(dir: string = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(ifMissing([]));
  // Migration names start with their timestamp, so name order is the order to apply them in.
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: await readFile(join(dir, lockfileName), 'utf8').catch(ifMissing(null)) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(names.map((name) => readMigrationDirectory(dir, name))),
  };
}

async function readMigrationDirectory(dir: string, name: string): Promise<MigrationDirectory> {
  const path = 'migration.sql';
  try {
    const sql = await readFile(join(dir, name, path), 'utf8');
    return { path: name, migrationFile: { path, content: { tag: 'ok', value: sql } } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path: name, migrationFile: { path, content: { tag: 'error', value: reason } } };
  }
}

function ifMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  };
}
