import { applyMigrations, openDatabase, type Database } from '@roster/db';
import type { Roster } from '@roster/core';
import type { RosterConfig } from './config.ts';
import { createDomain, type DomainOptions } from './create-domain.ts';

/** Roster opened on its database, as every entry point gets it. */
export interface OpenedRoster {
  readonly roster: Roster;
  readonly database: Database;
  /** Pings Redis, when the notifier is Redis (for /readyz). */
  readonly redisPing?: () => Promise<void>;
  /** Closes the database, then the notifier. */
  close(): Promise<void>;
}

/**
 * Opens the database (DATABASE_URL, else PGlite in DATA_DIR), applies pending migrations
 * (refusing to go on when one fails) and wires the domain ({@link createDomain}). Whatever
 * opened is closed again when a later step fails.
 */
export async function openRoster(config: RosterConfig, options: DomainOptions): Promise<OpenedRoster> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied } = await applyMigrations(database.adapterFactory);
    options.logger.info({ database: database.description, applied }, applied.length ? 'migrations applied' : 'schema up to date');
    const domain = await createDomain(config, database, options);
    return {
      roster: domain.roster,
      database,
      ...(domain.redisPing ? { redisPing: domain.redisPing } : {}),
      close: async () => {
        try {
          await database.close();
        } finally {
          await domain.close();
        }
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
