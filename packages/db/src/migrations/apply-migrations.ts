import { readFile } from 'node:fs/promises';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { isDatabaseError } from './make-scripts-transactional.ts';
import { MigrationError } from './migration-error.ts';
import { readMigrationFiles, schemaPath } from './migration-files.ts';
import { loadSchemaEngine, noSchemaFilter } from './schema-engine.ts';

/** Options of {@link applyMigrations}. */
export interface ApplyMigrationsOptions {
  /** The migrations to apply instead of the committed ones (tests). */
  migrationsList?: MigrationList;
}

/**
 * Brings the database behind `adapterFactory` up to date with the committed migrations and
 * records them in `_prisma_migrations`; returns the names of those it applied (none when the
 * database was up to date). Each migration runs in its own transaction: when one fails it is
 * rolled back, marked so, and a `MigrationError` with code `MIGRATION_FAILED` names it and
 * PostgreSQL's reason; migrations before it stay applied. Refuses to touch a database that
 * records an unresolved failed migration or applied migrations the folder does not have.
 *
 * Supports `@prisma/adapter-pg` and `pglite-prisma-adapter`. Give adapter-pg a connection string
 * or config, not a shared `pg.Pool`: the engine takes a session advisory lock it never releases,
 * and only ending the pool the factory made for it lets the next migration run take the lock
 * (otherwise that run waits 10 s and fails).
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  options: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsList = options.migrationsList ?? (await readMigrationFiles());
  return withMigrationLock(adapterFactory, () => migrate(adapterFactory, migrationsList));
}

// Any bigint: Roster's own, distinct from the schema engine's (72707369), which it takes and never releases.
const MIGRATION_LOCK = 5_274_180_113;

/**
 * Several processes starting together on one PostgreSQL database (a deploy of many replicas) take
 * turns: each reads the history and migrates while holding this session advisory lock, on a
 * connection of its own. Without it a process that read the history while another was applying a
 * migration saw that migration started and not finished, took it for a failed one, and refused to
 * start. Embedded PGlite has one process by construction (the data folder is locked).
 */
async function withMigrationLock<T>(adapterFactory: SqlMigrationAwareDriverAdapterFactory, work: () => Promise<T>): Promise<T> {
  if (adapterFactory.provider !== 'postgres' || adapterFactory.adapterName !== '@prisma/adapter-pg') return work();
  const adapter = await adapterFactory.connect();
  try {
    // A "transaction" of the adapter is one connection checked out of its pool, nothing more.
    const connection = await adapter.startTransaction();
    try {
      await connection.executeRaw({ sql: `SELECT pg_advisory_lock(${MIGRATION_LOCK})`, args: [], argTypes: [] });
      try {
        return await work();
      } finally {
        await connection.executeRaw({ sql: `SELECT pg_advisory_unlock(${MIGRATION_LOCK})`, args: [], argTypes: [] }).catch(() => {});
      }
    } finally {
      await connection.rollback();
    }
  } finally {
    await adapter.dispose();
  }
}

async function migrate(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  migrationsList: MigrationList,
): Promise<{ applied: string[] }> {
  let scriptError: unknown;
  const { engine, close } = await loadSchemaEngine(adapterFactory, await readFile(schemaPath, 'utf8'), {
    onScriptError: (error) => {
      scriptError = error;
    },
  });
  try {
    await refuseUnsafeHistory(engine, migrationsList);
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noSchemaFilter });
      return { applied: appliedMigrationNames };
    } catch (error) {
      if (scriptError === undefined) throw engineFailure('Applying migrations failed', error);
      throw await settleFailedMigration(engine, migrationsList, scriptError);
    }
  } finally {
    await close();
  }
}

async function refuseUnsafeHistory(engine: SchemaEngine, migrationsList: MigrationList): Promise<void> {
  const diagnosis = await engine
    .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noSchemaFilter })
    .catch((error: unknown) => {
      throw engineFailure('Reading the migration history failed', error);
    });
  const [failed] = diagnosis.failedMigrationNames;
  if (failed !== undefined) {
    throw new MigrationError(
      'FAILED_MIGRATION_RECORDED',
      `The database records migration "${failed}" as failed and not rolled back, so it may be ` +
        'partly applied. Check its changes by hand; once the database holds none of them, run ' +
        `\`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${failed}' ` +
        'AND finished_at IS NULL` and migrate again.',
      { migrationName: failed },
    );
  }
  const notInFolder =
    diagnosis.history !== null && 'unpersistedMigrationNames' in diagnosis.history ? diagnosis.history.unpersistedMigrationNames : [];
  if (notInFolder.length > 0) {
    throw new MigrationError(
      'UNKNOWN_MIGRATION_RECORDED',
      `The database has migrations applied that ${migrationsList.baseDir} does not have ` +
        `(${notInFolder.join(', ')}): a newer or different Roster migrated it. Refusing to migrate.`,
      { migrationName: notInFolder[0] },
    );
  }
}

/**
 * A migration's script failed inside its transaction. When PostgreSQL itself reported the error,
 * the transaction cannot have committed, so the record is marked rolled back and a corrected
 * migration applies on the next run. After any other failure (a lost connection) the record
 * stays failed, and the next run refuses until a person has checked the database.
 */
async function settleFailedMigration(engine: SchemaEngine, migrationsList: MigrationList, scriptError: unknown): Promise<MigrationError> {
  const { failedMigrationNames } = await engine
    .diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: noSchemaFilter })
    .catch(() => ({ failedMigrationNames: [] as string[] }));
  const name = failedMigrationNames.length === 1 ? failedMigrationNames[0] : undefined;
  const rolledBack =
    name !== undefined &&
    isDatabaseError(scriptError) &&
    (await engine.markMigrationRolledBack({ migrationName: name }).then(
      () => true,
      () => false,
    ));
  const outcome = rolledBack
    ? 'failed and was rolled back; nothing of it was applied'
    : 'failed and stays recorded as failed; it may be partly applied';
  return new MigrationError(
    'MIGRATION_FAILED',
    `Migration "${name ?? '(unknown)'}" ${outcome}. ${isDatabaseError(scriptError) ? 'PostgreSQL said' : 'Reason'}: ${describe(scriptError)}`,
    { ...(name === undefined ? {} : { migrationName: name }), cause: scriptError },
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!isDatabaseError(error)) return error.message;
  const extra = [error.detail, error.hint].filter((text) => text !== undefined && text !== '');
  return [`${error.message} (SQLSTATE ${error.code})`, ...extra].join('. ');
}

function engineFailure(what: string, error: unknown): MigrationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrationError('SCHEMA_ENGINE_FAILED', `${what}: ${reason}`, { cause: error });
}
