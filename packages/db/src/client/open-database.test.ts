import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client.ts';
import { createPostgresTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../testing/test-databases.ts';
import { applyMigrations } from '../migrations/apply-migrations.ts';
import { readMigrationFiles } from '../migrations/migration-files.ts';
import { LOCK_SOCKET_NAME } from './data-dir-lock.ts';
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

  // A rolling deploy: the running process migrated at its start and goes on serving; the next
  // version's process brings one more migration. The schema engine's session advisory lock must
  // not outlive the first run (on the first process's pool it did: the second waited 10 s and failed).
  it('migrates while another process that migrated earlier keeps its database open', { timeout: 60_000 }, async () => {
    const migrations = await readMigrationFiles();
    const withProbe = (...names: string[]) => ({
      ...migrations,
      migrationDirectories: [
        ...migrations.migrationDirectories,
        ...names.map((name) => ({
          path: name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: `CREATE TABLE "${name}" (id int);` } },
        })),
      ],
    });
    const fresh = await createPostgresTestDatabase();
    const running = await openDatabase({ databaseUrl: fresh.url!, dataDir: '' });
    const next = await openDatabase({ databaseUrl: fresh.url!, dataDir: '' });
    try {
      expect(await applyMigrations(running.adapterFactory, { migrationsList: withProbe('99990101000000_probe_one') })).toEqual({
        applied: ['99990101000000_probe_one'],
      });
      await running.prisma.iam.count(); // the running process goes on using its pool
      // The engine's lock ended with its run: nobody holds it while the process serves.
      expect(await advisoryLocks(fresh.url!)).toBe(0);
      expect(
        await applyMigrations(next.adapterFactory, { migrationsList: withProbe('99990101000000_probe_one', '99990101000001_probe_two') }),
      ).toEqual({
        applied: ['99990101000001_probe_two'],
      });
    } finally {
      await Promise.all([running.close(), next.close()]);
      await fresh.close();
    }
  });

  async function advisoryLocks(url: string): Promise<number> {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ count: string }>(
        "SELECT count(*) FROM pg_locks JOIN pg_database ON pg_database.oid = pg_locks.database WHERE locktype = 'advisory' AND datname = $1",
        [new URL(url).pathname.slice(1)],
      );
      return Number(rows[0]!.count);
    } finally {
      await admin.end();
    }
  }

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

// Real processes, as `npm start` and the CLI are: allow for a loaded 2-core machine.
describe('openDatabase on a PGlite folder', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'roster-open-')));
  });
  afterAll(async () => {
    for (const child of holders) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a second process on the folder, naming it and the holder's PID; a SIGKILLed holder never blocks the next one, whose data is all there", async () => {
    const first = holdDataDir(dir, 'written by the first');
    expect(await first.ready).toEqual({ pid: first.child.pid, notes: ['written by the first'] });

    const second = holdDataDir(dir, 'written by the second');
    expect(await Promise.race([second.exited, second.ready.then(() => 'opened the folder too')])).toBe(1);
    expect(second.stderr()).toContain(`DATA_DIR_LOCKED: The data folder ${dir} is in use by another process (PID ${first.child.pid})`);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dir, LOCK_SOCKET_NAME))).toBe(true); // what the killed process left behind
    const third = holdDataDir(dir);
    expect(await third.ready).toEqual({ pid: third.child.pid, notes: ['written by the first'] });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_SOCKET_NAME))).toBe(false);
  });
});

const HOLDER = fileURLToPath(new URL('../testing/hold-data-dir.ts', import.meta.url));
const holders: ChildProcess[] = [];

/** A process holding `dataDir` open (testing/hold-data-dir.ts), after recording `note` in it. */
function holdDataDir(dataDir: string, note?: string) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', HOLDER, dataDir, ...(note ? [note] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  holders.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ pid: number; notes: string[] }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(JSON.parse(stdout) as { pid: number; notes: string[] });
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before opening the folder:\n${stderr}`)));
  });
  ready.catch(() => {}); // awaited by the tests that expect it
  return { child, ready, exited, stderr: () => stderr };
}
