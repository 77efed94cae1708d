import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { isRosterError } from '@roster/core';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { createPgliteReader, createPgReader, type SqlReader } from './sql-reader.ts';

/** Where Roster's data lives. */
export interface DatabaseConfig {
  /** `postgres://...`: use that PostgreSQL server. Absent: embedded PGlite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** The PGlite data folder (embedded mode); `memory://` keeps it in memory. */
  readonly dataDir: string;
  /** Connections in the PostgreSQL pool. */
  readonly poolSize?: number;
}

/** An open database: the Prisma client and what migrations need. */
export interface Database {
  readonly kind: 'pglite' | 'postgresql';
  readonly prisma: PrismaClient;
  /** Read-only statements straight on the driver, for the API's hot reads (see sql-reader.ts). */
  readonly reader: SqlReader;
  /** For the schema engine (migrations); on PostgreSQL with connections of its own, per run. */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** A description safe to log and show (no password). */
  readonly description: string;
  /** The connection pool's use now (PostgreSQL; embedded PGlite has no pool). */
  poolUse(): PoolUse | null;
  close(): Promise<void>;
}

/** Connections of the PostgreSQL pool: open, of which idle, requests waiting for one, and the maximum. */
export interface PoolUse {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

/**
 * Opens the database: PostgreSQL through `@prisma/adapter-pg` when a URL is given, otherwise
 * embedded PGlite in the data folder. Same schema, same migrations, same code above the adapter.
 * Connects before returning, so a wrong URL or a data folder in use fails here, readably: a PGlite
 * folder is locked for this process until close() (DATA_DIR_LOCKED for a second one; data-dir-lock.ts).
 */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.poolSize ?? 10) : openPglite(config.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const parsed = new URL(url);
  const description = `postgresql://${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  // Probe with a plain client first: its errors ("connect ECONNREFUSED", "password authentication
  // failed", "database ... does not exist") are the ones an operator can act on.
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await probe.connect();
  } catch (cause) {
    throw new Error(`Cannot connect to PostgreSQL at ${description}: ${reason(cause)}`, { cause });
  } finally {
    await probe.end().catch(() => {});
  }
  // One pool for Prisma and the reader.
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // An idle connection that the server ends (a restart, a terminated backend) is dropped from the
  // pool and the next query opens another; without a listener, pg would throw it at the process.
  pool.on('error', () => {});
  // The same for a connection that is checked out (a Prisma transaction between two statements)
  // when its backend is terminated: the pool's listener is off it then, and the error event
  // would end the process. The statement in flight, or the next one, fails and is mapped.
  pool.on('connect', (client) => client.on('error', () => {}));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgresql',
    prisma,
    reader: createPgReader(pool),
    // The schema engine takes a session advisory lock and never releases it: on the shared pool
    // it outlived the migration run, so another process's next run (a rolling deploy bringing a
    // migration) waited 10 s for it and then went on unguarded. A factory of its own, from the
    // connection string, makes a one-connection pool per run and ends it, and the lock with it.
    adapterFactory: new PrismaPg({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 }),
    description,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const location = inMemory ? dataDir : resolve(dataDir);
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    await mkdir(location, { recursive: true });
    // Two processes on one PGlite folder each see only their own writes, and lose some: one at a time.
    lock = await lockDataDir(location).catch((cause: unknown) => {
      if (isRosterError(cause)) throw cause;
      throw new Error(`Cannot lock the embedded database in ${location}: ${reason(cause)}`, { cause });
    });
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(location);
  } catch (cause) {
    await lock?.release();
    throw new Error(`Cannot open the embedded database in ${location}: ${reason(cause)}`, { cause });
  }
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: 'pglite',
    prisma,
    reader: createPgliteReader(pglite),
    adapterFactory,
    description: `pglite:${location}`,
    poolUse: () => null,
    async close() {
      try {
        await prisma.$disconnect();
        // Closing PGlite flushes and releases the data folder, so it is never left half-written.
        if (!pglite.closed) await pglite.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  if (error instanceof Error) return error.message || ('code' in error ? String(error.code) : error.name);
  return String(error);
}
