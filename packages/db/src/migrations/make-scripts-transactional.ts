import type { PGlite } from '@electric-sql/pglite';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { Pool } from 'pg';
import { MigrationError } from './migration-error.ts';

type RunScript = (script: string) => Promise<void>;

/**
 * Replaces `adapter.executeScript`, which the schema engine uses to run each migration, with one
 * that runs the whole script in a single transaction and lets its failure reach the engine.
 * `onScriptError` sees the driver's own error first.
 *
 * Why: neither adapter's `executeScript` is fit for migrations (@prisma/adapter-pg 7.10.1,
 * pglite-prisma-adapter 0.7.2). adapter-pg splits the script at every `;` (also inside strings
 * and function bodies) and runs the pieces one by one on its pool, each committing on its own,
 * so a failing migration leaves half of itself behind. The PGlite adapter does not await `exec`,
 * so a failing migration is recorded as applied and its error becomes an unhandled rejection.
 *
 * A script that itself says COMMIT still commits at that point; a statement PostgreSQL refuses
 * to run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM) fails the migration.
 */
export function makeScriptsTransactional(adapter: SqlDriverAdapter, onScriptError: (error: unknown) => void): SqlDriverAdapter {
  const runScript = findScriptRunner(adapter);
  // The adapter was just made for the engine and nobody else holds it, so patching it in place
  // is safe, and it keeps the class's other methods bound as they were.
  adapter.executeScript = async (script) => {
    try {
      await runScript(script);
    } catch (error) {
      onScriptError(error);
      throw toDriverAdapterError(error);
    }
  };
  return adapter;
}

function findScriptRunner(adapter: SqlDriverAdapter): RunScript {
  switch (adapter.adapterName) {
    case '@prisma/adapter-pg':
      return runOnPool(driverOf(adapter, 'underlyingDriver') as Pool);
    case 'pglite-prisma-adapter':
      return runOnPGlite(driverOf(adapter, 'client') as PGlite);
    default:
      throw new MigrationError(
        'UNSUPPORTED_ADAPTER',
        `Cannot run migrations through the driver adapter "${adapter.adapterName}": only ` +
          '@prisma/adapter-pg and pglite-prisma-adapter are known to be usable.',
      );
  }
}

/** The adapter's database driver, from a method (`underlyingDriver()`) or a property (`client`). */
function driverOf(adapter: SqlDriverAdapter, key: 'underlyingDriver' | 'client'): unknown {
  const value: unknown = (adapter as unknown as Record<string, unknown>)[key];
  const driver: unknown = typeof value === 'function' ? value.call(adapter) : value;
  if (typeof driver !== 'object' || driver === null) {
    throw new MigrationError(
      'UNSUPPORTED_ADAPTER',
      `This version of ${adapter.adapterName} does not expose its driver as \`${key}\`; ` +
        'migrations cannot run in a transaction through it.',
    );
  }
  return driver;
}

function runOnPool(pool: Pool): RunScript {
  return async (script) => {
    // One dedicated connection: a pool would spread BEGIN, script and COMMIT over several.
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Without parameters pg sends the script as one simple-protocol message, so PostgreSQL
      // parses it itself and nothing needs splitting here.
      await client.query(script);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection whose ROLLBACK failed may still hold the transaction: drop it.
      client.release(broken);
    }
  };
}

function runOnPGlite(db: PGlite): RunScript {
  // PGlite's transaction() issues ROLLBACK when the callback throws.
  return async (script) => {
    await db.transaction(async (tx) => {
      await tx.exec(script);
    });
  };
}

/** PostgreSQL's own error (pg's and PGlite's both carry SQLSTATE and severity) in the engine's shape. */
function toDriverAdapterError(error: unknown): unknown {
  if (!isDatabaseError(error)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code,
    severity: error.severity,
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/** An error PostgreSQL reported (as opposed to a lost connection or a bug). */
export function isDatabaseError(error: unknown): error is Error & {
  code: string;
  severity: string;
  detail?: string;
  column?: string;
  hint?: string;
} {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { severity?: unknown }).severity === 'string'
  );
}
