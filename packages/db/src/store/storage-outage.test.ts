import pg from 'pg';
import { SYSTEM_ORIGIN } from '@roster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client.ts';
import { createInProcessNotifier } from '../notify/in-process-notifier.ts';
import { expectCode } from '../testing/store-contract.ts';
import { createPostgresTestDatabase, createUnreachableTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createPrismaStore } from './prisma-store.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// What callers (the services' error tables, the event hub's retries) see when PostgreSQL is gone:
// one coded STORAGE_UNAVAILABLE, whichever path (event log, read, transaction) met the outage.
describe('a lost PostgreSQL is STORAGE_UNAVAILABLE', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
  });

  /** Ends the backend of the statement of this database waiting for a lock, once it waits (unless `work` settled first). */
  async function terminateLockWaiter(work: Promise<unknown>): Promise<void> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      const { rows } = await admin.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
      if (rows[0]) return void (await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]));
      await sleep(20);
    }
  }

  it('when the server refuses connections', async () => {
    const down = await createUnreachableTestDatabase();
    const store = createPrismaStore(down.prisma, { notifier: createInProcessNotifier() });
    try {
      await expectCode(store.events.readAfter({ after: 0, limit: 10 }), 'STORAGE_UNAVAILABLE');
      await expectCode(store.events.lastSeq(), 'STORAGE_UNAVAILABLE');
      await expectCode(
        store.read((repos) => repos.apiTokens.findByHash('x')),
        'STORAGE_UNAVAILABLE',
      );
      await expectCode(
        store.transact((tx) =>
          tx.events.append(
            [{ type: 'USER_UPDATED', iamId: 'bim', subjectType: 'USER', subjectId: 'u', data: {} }],
            new Date(),
            SYSTEM_ORIGIN,
          ),
        ),
        'STORAGE_UNAVAILABLE',
      );
      await expectCode(down.reader.query(Prisma.sql`SELECT 1`), 'STORAGE_UNAVAILABLE');
    } finally {
      await down.close();
    }
  });

  it('when the server terminates the connection of an event log read', async () => {
    const store = createPrismaStore(db.prisma, { notifier: createInProcessNotifier() });
    await admin.query('BEGIN');
    try {
      await admin.query('LOCK TABLE "Event" IN ACCESS EXCLUSIVE MODE');
      const read = store.events.readAfter({ after: 0, limit: 10 });
      await terminateLockWaiter(read);
      await expectCode(read, 'STORAGE_UNAVAILABLE');
    } finally {
      await admin.query('ROLLBACK');
    }
    // The pool replaces the dead connection: the next read works.
    expect(await store.events.readAfter({ after: 0, limit: 10 })).toEqual([]);
  });

  it('when the server terminates the connection of a transaction', async () => {
    const store = createPrismaStore(db.prisma, { notifier: createInProcessNotifier() });
    await admin.query('BEGIN');
    try {
      await admin.query('LOCK TABLE "EventCounter" IN ACCESS EXCLUSIVE MODE');
      const append = store.transact((tx) =>
        tx.events.append(
          [{ type: 'USER_UPDATED', iamId: 'bim', subjectType: 'USER', subjectId: 'u', data: {} }],
          new Date(),
          SYSTEM_ORIGIN,
        ),
      );
      await terminateLockWaiter(append);
      await expectCode(append, 'STORAGE_UNAVAILABLE');
    } finally {
      await admin.query('ROLLBACK');
    }
  });
});
