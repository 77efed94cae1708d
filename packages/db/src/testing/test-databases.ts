import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { applyMigrations } from '../migrations/apply-migrations.ts';
import { createPgliteReader, createPgReader, type SqlReader } from '../client/sql-reader.ts';

/** The local PostgreSQL server the tests create their own databases on. */
export const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated database for one test file. */
export interface TestDatabase {
  readonly prisma: PrismaClient;
  readonly reader: SqlReader;
  readonly url?: string;
  close(): Promise<void>;
}

/** Options of the test databases. */
export interface TestDatabaseOptions {
  /** Called with every SQL statement Prisma or the reader sends (to count queries: no N+1). */
  readonly onQuery?: (sql: string) => void;
}

let template: Promise<Blob> | undefined;

function createClient(adapter: SqlDriverAdapterFactory, options: TestDatabaseOptions): PrismaClient {
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  client.$on('query', (event) => onQuery(event.query));
  return client;
}

/**
 * A migrated in-memory PGlite. A fresh PGlite costs seconds here; one loaded from a dump of a
 * migrated instance starts in well under one, so the dump is made once per test process.
 */
export async function createPgliteTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  template ??= (async () => {
    const seed = await PGlite.create();
    await applyMigrations(new PrismaPGlite(seed));
    const dump = await seed.dumpDataDir('none');
    await seed.close();
    return dump;
  })();
  const pglite = await PGlite.create({ loadDataDir: await template });
  const prisma = createClient(new PrismaPGlite(pglite), options);
  return {
    prisma,
    reader: createPgliteReader(pglite, options.onQuery),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** A fresh, migrated database on the local PostgreSQL server, dropped on close. */
export async function createPostgresTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `roster_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 20 });
  pool.on('error', () => {}); // idle connections ended by DROP DATABASE ... WITH (FORCE) at close
  const adapter = new PrismaPg(pool);
  await applyMigrations(adapter);
  const prisma = createClient(adapter, options);
  return {
    prisma,
    reader: createPgReader(pool, options.onQuery),
    url: url.toString(),
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A database that is down: Prisma and the reader on a local port nothing listens on, so every
 * statement meets a refused connection (a PostgreSQL outage, without stopping the real server).
 */
export async function createUnreachableTestDatabase(): Promise<TestDatabase> {
  const free = createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const { port } = free.address() as AddressInfo;
  await new Promise<void>((resolve) => free.close(() => resolve()));
  const url = `postgres://postgres@127.0.0.1:${port}/roster`;
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => {});
  const prisma = createClient(new PrismaPg(pool), {});
  return {
    prisma,
    reader: createPgReader(pool),
    url,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Runs `work` on a client of the test server's admin database (to create and drop databases). */
export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
