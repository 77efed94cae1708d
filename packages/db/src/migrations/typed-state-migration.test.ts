import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './apply-migrations.ts';
import { readMigrationFiles } from './migration-files.ts';

interface Target {
  factory: SqlMigrationAwareDriverAdapterFactory;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const RUN_OK = '00000000-0000-4000-8000-000000000001';
const RUN_CODED = '00000000-0000-4000-8000-000000000002';
const RUN_UNCODED = '00000000-0000-4000-8000-000000000003';
const USER = '00000000-0000-4000-8000-000000000010';

// Rows as a database migrated before the enums holds them: text in the status-like columns and
// sync failures as "CODE: message".
const LEGACY_ROWS = `
  INSERT INTO "Iam" (id, "displayName", type, "updatedAt") VALUES ('dir', 'Dir', 'LDAP', now());
  INSERT INTO "User" (id, "iamId", "userName", "userNameKey", source, "updatedAt") VALUES ('${USER}', 'dir', 'ann', 'ann', 'LDAP', now());
  INSERT INTO "Event" (seq, type, "iamId", "subjectType", "subjectId", "occurredAt") VALUES (1, 'USER_CREATED', 'dir', 'USER', '${USER}', now());
  INSERT INTO "SyncRun" (id, "iamId", mode, trigger, status, error, "startedAt") VALUES
    ('${RUN_OK}', 'dir', 'FULL', 'SCHEDULE', 'SUCCEEDED', NULL, now()),
    ('${RUN_CODED}', 'dir', 'DELTA', 'API', 'FAILED', 'CONNECTION_FAILED: connecting: cannot reach the directory (ECONNREFUSED).', now()),
    ('${RUN_UNCODED}', 'dir', 'FULL', 'MANUAL', 'FAILED', 'Interrupted: the process running it stopped before the run ended.', now());
  INSERT INTO "SamlRequest" (id, "iamId", kind, "expiresAt") VALUES ('_r1', 'dir', 'TEST_LOGIN', now());`;

function describeTypedStateMigration(label: string, openTarget: () => Promise<Target>): void {
  describe(`the typed_state migration on ${label}`, { timeout: 60_000 }, () => {
    it('keeps existing rows, now in enum columns, and splits stored failures into code and message', async () => {
      const committed = await readMigrationFiles();
      const at = committed.migrationDirectories.findIndex((migration) => migration.path.endsWith('_typed_state'));
      expect(at).toBeGreaterThan(0);
      const target = await openTarget();
      try {
        const before = { ...committed, migrationDirectories: committed.migrationDirectories.slice(0, at) };
        await applyMigrations(target.factory, { migrationsList: before });
        await target.query(LEGACY_ROWS);
        await applyMigrations(target.factory);

        const types = await target.query(
          `SELECT table_name, column_name, udt_name FROM information_schema.columns
            WHERE (table_name, column_name) IN (('User', 'source'), ('Event', 'type'), ('Event', 'subjectType'), ('SyncRun', 'mode'),
                  ('SyncRun', 'trigger'), ('SyncRun', 'status'), ('SamlRequest', 'kind')) ORDER BY table_name, column_name`,
        );
        expect(types.map((row) => `${String(row.table_name)}.${String(row.column_name)}: ${String(row.udt_name)}`)).toEqual([
          'Event.subjectType: SubjectType',
          'Event.type: EventType',
          'SamlRequest.kind: SamlRequestKind',
          'SyncRun.mode: SyncMode',
          'SyncRun.status: SyncStatus',
          'SyncRun.trigger: SyncTrigger',
          'User.source: UserSource',
        ]);
        expect(await target.query(`SELECT source::text FROM "User"`)).toEqual([{ source: 'LDAP' }]);
        expect(await target.query(`SELECT type::text, "subjectType"::text FROM "Event"`)).toEqual([
          { type: 'USER_CREATED', subjectType: 'USER' },
        ]);
        expect(await target.query(`SELECT kind::text FROM "SamlRequest"`)).toEqual([{ kind: 'TEST_LOGIN' }]);
        expect(
          await target.query(`SELECT id::text, mode::text, trigger::text, status::text, "errorCode", error FROM "SyncRun" ORDER BY id`),
        ).toEqual([
          { id: RUN_OK, mode: 'FULL', trigger: 'SCHEDULE', status: 'SUCCEEDED', errorCode: null, error: null },
          {
            id: RUN_CODED,
            mode: 'DELTA',
            trigger: 'API',
            status: 'FAILED',
            errorCode: 'CONNECTION_FAILED',
            error: 'connecting: cannot reach the directory (ECONNREFUSED).',
          },
          {
            id: RUN_UNCODED,
            mode: 'FULL',
            trigger: 'MANUAL',
            status: 'FAILED',
            errorCode: null,
            error: 'Interrupted: the process running it stopped before the run ended.',
          },
        ]);
        await expect(target.query(`UPDATE "SyncRun" SET status = 'DONE'`)).rejects.toThrow();
      } finally {
        await target.close();
      }
    });
  });
}

let emptyPGlite: File | Blob;
beforeAll(async () => {
  const template = new PGlite();
  await template.waitReady;
  emptyPGlite = await template.dumpDataDir('none');
  await template.close();
}, 60_000);

describeTypedStateMigration('PGlite', async () => {
  const db = new PGlite({ loadDataDir: emptyPGlite });
  return {
    factory: new PrismaPGlite(db),
    query: async (sql) => {
      const results = await db.exec(sql);
      return results.at(-1)?.rows ?? [];
    },
    close: () => db.close(),
  };
});

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: serverUrl });
beforeAll(() => admin.connect());
afterAll(() => admin.end());

describeTypedStateMigration('PostgreSQL', async () => {
  const database = `roster_migrations_test_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  return {
    factory: new PrismaPg({ connectionString: url.href }),
    query: async (sql) => {
      const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as Record<string, unknown>[];
    },
    close: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
});
