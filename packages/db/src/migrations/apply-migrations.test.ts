import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './apply-migrations.ts';
import { MigrationError } from './migration-error.ts';
import { readMigrationFiles } from './migration-files.ts';

/** A fresh, empty database and a side door to look into it. */
interface Target {
  factory: SqlMigrationAwareDriverAdapterFactory;
  tableNames(): Promise<string[]>;
  execute(sql: string): Promise<void>;
  close(): Promise<void>;
}

const tablesQuery = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";

function withMigration(list: MigrationList, name: string, sql: string): MigrationList {
  const migration = { path: name, migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: sql } } };
  return { ...list, migrationDirectories: [...list.migrationDirectories, migration] };
}

/** The same behaviour, required of every database Roster runs on. */
function describeApplyMigrations(label: string, openTarget: () => Promise<Target>): void {
  describe(`applyMigrations on ${label}`, { timeout: 60_000 }, () => {
    let committed: MigrationList;
    beforeAll(async () => {
      committed = await readMigrationFiles();
    });

    it('applies the committed migrations, then nothing on a second run', async () => {
      const target = await openTarget();
      try {
        const names = committed.migrationDirectories.map((migration) => migration.path);
        expect(names.length).toBeGreaterThan(0);
        expect(await applyMigrations(target.factory)).toEqual({ applied: names });
        expect(await target.tableNames()).toEqual(expect.arrayContaining(['Iam', 'User', 'Group', '_prisma_migrations']));
        expect(await applyMigrations(target.factory)).toEqual({ applied: [] });
      } finally {
        await target.close();
      }
    });

    it('rolls back a migration that fails halfway, names it, and applies it once fixed', async () => {
      const target = await openTarget();
      try {
        const broken = withMigration(committed, '99990101000000_half', 'CREATE TABLE a (id int); SELECT no_such_fn();');
        const failure = await applyMigrations(target.factory, { migrationsList: broken }).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(MigrationError);
        expect(failure).toMatchObject({ code: 'MIGRATION_FAILED', migrationName: '99990101000000_half' });
        expect((failure as Error).message).toMatch(/"99990101000000_half" failed and was rolled back.*no_such_fn/);
        const tables = await target.tableNames();
        expect(tables).toContain('Iam');
        expect(tables).not.toContain('a');

        const fixed = withMigration(committed, '99990101000000_half', 'CREATE TABLE a (id int);');
        expect(await applyMigrations(target.factory, { migrationsList: fixed })).toEqual({ applied: ['99990101000000_half'] });
        expect(await target.tableNames()).toContain('a');
      } finally {
        await target.close();
      }
    });

    it('refuses a database that has a migration the folder does not have', async () => {
      const target = await openTarget();
      try {
        await applyMigrations(target.factory, { migrationsList: withMigration(committed, '99990101000000_newer', 'SELECT 1;') });
        await expect(applyMigrations(target.factory)).rejects.toMatchObject({
          code: 'UNKNOWN_MIGRATION_RECORDED',
          message: expect.stringContaining('99990101000000_newer'),
        });
      } finally {
        await target.close();
      }
    });

    it('refuses a database that records a failed migration', async () => {
      const target = await openTarget();
      try {
        await applyMigrations(target.factory);
        // applyMigrations marks its own failures rolled back, so write the record a crashed
        // deploy (or another tool) would leave.
        await target.execute(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ('${randomUUID()}', 'x', '99990101000000_crashed', now(), 0)`,
        );
        const list = withMigration(committed, '99990101000000_crashed', 'SELECT 1;');
        await expect(applyMigrations(target.factory, { migrationsList: list })).rejects.toMatchObject({
          code: 'FAILED_MIGRATION_RECORDED',
          migrationName: '99990101000000_crashed',
        });
      } finally {
        await target.close();
      }
    });
  });
}

// A fresh in-memory PGlite takes seconds to start; a copy of an empty one's data directory
// starts in under one.
let emptyPGlite: File | Blob;
beforeAll(async () => {
  const template = new PGlite();
  // dumpDataDir() on a PGlite that is not ready yet never settles (PGlite 0.5.16).
  await template.waitReady;
  emptyPGlite = await template.dumpDataDir('none');
  await template.close();
}, 60_000);

describeApplyMigrations('PGlite', async () => {
  const db = new PGlite({ loadDataDir: emptyPGlite });
  return {
    factory: new PrismaPGlite(db),
    tableNames: async () => (await db.query<{ tablename: string }>(tablesQuery)).rows.map((row) => row.tablename),
    execute: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
});

// The machine's PostgreSQL; each test gets a database of its own and drops it.
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: serverUrl });
beforeAll(() => admin.connect());
afterAll(() => admin.end());

describeApplyMigrations('PostgreSQL', async () => {
  const database = `roster_migrations_test_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  return {
    factory: new PrismaPg({ connectionString: url.href }),
    tableNames: async () => (await client.query<{ tablename: string }>(tablesQuery)).rows.map((row) => row.tablename),
    execute: async (sql) => {
      await client.query(sql);
    },
    close: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
});

describe('applyMigrations from several processes at once on PostgreSQL', { timeout: 120_000 }, () => {
  it('makes a process that starts while another is applying a migration wait for it, instead of taking it for a failed one', async () => {
    const database = `roster_migrations_race_${randomUUID().replaceAll('-', '')}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const watcher = new pg.Client({ connectionString: url.href });
    await watcher.connect();
    try {
      const names = (await readMigrationFiles()).migrationDirectories.map((migration) => migration.path);
      // Each "process" has a factory, and so connections, of its own, as replicas starting together do.
      let settled = false;
      const first = applyMigrations(new PrismaPg({ connectionString: url.href })).finally(() => (settled = true));
      // The moment the first has recorded a migration as started and not finished yet, a second starts.
      let caught = false;
      while (!settled && !caught) {
        const running = await watcher
          .query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL')
          .catch(() => ({ rows: [{ n: 0 }] })); // no history table yet
        caught = running.rows[0]!.n > 0;
      }
      expect(caught).toBe(true);
      const second = applyMigrations(new PrismaPg({ connectionString: url.href }));
      expect(await Promise.all([first, second])).toEqual([{ applied: names }, { applied: [] }]);
    } finally {
      await watcher.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  });
});
