import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client.ts';
import { createPostgresTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../testing/test-databases.ts';
import { openDatabase, type Database } from './open-database.ts';

describe('openDatabase on PostgreSQL', () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createPostgresTestDatabase();
    database = await openDatabase({ databaseUrl: test.url!, dataDir: '' });
  });
  afterAll(async () => {
    await database?.close();
    await test?.close();
  });

  // Before Prisma's first query, only the reader uses the pool (Prisma connects lazily): an idle
  // connection ended by the server must not take the process down with it.
  it('survives the server ending its idle connections, read before Prisma ever connected and after', async () => {
    await Promise.all([database.reader.one(Prisma.sql`SELECT 1 AS one`), database.reader.one(Prisma.sql`SELECT 1 AS one`)]);
    await terminateConnections();
    expect(await database.reader.one(Prisma.sql`SELECT 2 AS two`)).toEqual({ two: 2 });
    await Promise.all([database.prisma.user.count(), database.reader.one(Prisma.sql`SELECT 1 AS one`)]);
    await terminateConnections();
    expect(await database.prisma.iam.count()).toBe(0);
    expect(await database.reader.one(Prisma.sql`SELECT 3 AS three`)).toEqual({ three: 3 });
  });

  async function terminateConnections() {
    // As a restart or an administrator would: every connection of this database, idle ones included.
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      const name = new URL(test.url!).pathname.slice(1);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
});
