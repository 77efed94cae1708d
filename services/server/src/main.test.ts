import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, type TestDatabase } from '@roster/db/testing';
import { spawnServer, waitForHealth } from './testing/spawn-server.ts';

// Real processes: allow for a loaded 2-core machine (the whole suite runs at once).
describe('npm start (services/server main)', { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-main-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('serves /healthz on embedded PGlite with no environment, prints a bootstrap token once, and keeps data across a restart', async () => {
    const first = await spawnServer({ DATA_DIR: dataDir });
    const health = await waitForHealth(first);
    expect(health).toMatchObject({ status: 'ok', database: { kind: 'pglite', reachable: true, migrations: { upToDate: true } } });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const token = /\n {2}(rtok_\S+)\n/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    expect(first.output().match(/rtok_/g)).toHaveLength(1);
    expect(first.output()).toContain('"msg":"stopped"');

    const second = await spawnServer({ DATA_DIR: dataDir });
    await waitForHealth(second);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain('rtok_');
    expect(second.output()).toContain('schema up to date');
  });

  it('fails fast with a readable message on a bad PORT', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, PORT: 'http' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: must be a port number');
  });

  it('fails fast with a readable message when PostgreSQL is unreachable', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://roster@127.0.0.1:1/roster' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/could not start: Cannot connect to PostgreSQL at postgresql:\/\/127\.0\.0\.1:1\/roster: .*ECONNREFUSED/);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://127.0.0.1/roster' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DATABASE_URL: must be a URL like postgres://');
  });

  describe('on PostgreSQL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createPostgresTestDatabase();
    });
    afterAll(async () => db?.close());

    it('migrates and serves /healthz from DATABASE_URL', async () => {
      const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: db.url!, ADMIN_TOKEN: 'an-operator-chosen-admin-token-0123456789' });
      const health = await waitForHealth(server);
      expect(health).toMatchObject({ status: 'ok', database: { kind: 'postgresql', migrations: { upToDate: true } } });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toContain('rtok_');
      expect(server.output()).not.toContain('an-operator-chosen-admin-token');
    });
  });
});
