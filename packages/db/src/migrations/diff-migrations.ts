import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { MigrationError } from './migration-error.ts';
import { readMigrationFiles, schemaPath } from './migration-files.ts';
import { loadSchemaEngine, noSchemaFilter } from './schema-engine.ts';

/** Options of {@link diffMigrationsAgainstSchema}; both default to the committed files. */
export interface DiffMigrationsOptions {
  migrationsList?: MigrationList;
  schemaText?: string;
}

/** What separates the migrations from the schema. */
export interface MigrationsDiff {
  /** True when replaying the migrations yields exactly the schema. */
  inSync: boolean;
  /** The SQL that would take the migrated database to the schema; empty when in sync. */
  sql: string;
}

// `diff` with `exitCode: true` answers 0 when the two sides agree and 2 when they differ.
const SAME = 0;

/**
 * Replays the migrations on a throwaway in-memory PGlite and compares the result with
 * schema.prisma. Takes a few seconds: most of it is starting PGlite.
 */
export async function diffMigrationsAgainstSchema(options: DiffMigrationsOptions = {}): Promise<MigrationsDiff> {
  const migrationsList = options.migrationsList ?? (await readMigrationFiles());
  const schemaText = options.schemaText ?? (await readFile(schemaPath, 'utf8'));
  const shadow = new PGlite();
  try {
    const { engine, close } = await loadSchemaEngine(reuseAsShadow(new PrismaPGlite(shadow)), schemaText);
    try {
      const result = await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemaText }] },
        script: true,
        exitCode: true,
        filters: noSchemaFilter,
      });
      const inSync = result.exitCode === SAME;
      return { inSync, sql: inSync ? '' : (result.stdout ?? '') };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError('SCHEMA_ENGINE_FAILED', `Replaying the migrations failed: ${reason}`, { cause: error });
    } finally {
      await close();
    }
  } finally {
    await shadow.close();
  }
}

/**
 * The engine replays migrations on the factory's shadow database. PGlite's adapter would open a
 * second PGlite for that (seconds more) and never close it; this fresh one serves instead.
 */
function reuseAsShadow(factory: PrismaPGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    adapterName: factory.adapterName,
    provider: factory.provider,
    connect: () => factory.connect(),
    connectToShadowDb: () => factory.connect(),
  };
}
