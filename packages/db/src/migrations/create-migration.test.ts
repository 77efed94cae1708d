import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMigration } from './create-migration.ts';

describe('createMigration', { timeout: 240_000 }, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-migrations-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['Init', 'add-locale', 'add__locale', '_init', '1st', 'init;drop', ''])('refuses the name %j', async (name) => {
    await expect(createMigration(name, { migrationsDir: dir })).rejects.toMatchObject({ code: 'INVALID_MIGRATION_NAME' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes the whole schema as the first migration with the lock file, then only what changed', async () => {
    const schema = (models: string) => `datasource db {\n  provider = "postgresql"\n}\n${models}`;
    const first = await createMigration('init', {
      migrationsDir: dir,
      schemaText: schema('model Account {\n  id Int @id\n}\n'),
      now: new Date('2024-05-06T07:08:09.123Z'),
    });
    expect(first).toEqual({
      created: true,
      migrationName: '20240506070809_init',
      files: [join(dir, '20240506070809_init', 'migration.sql'), join(dir, 'migration_lock.toml')],
    });
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect(await readFile(join(dir, '20240506070809_init', 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Account"');
    const next = await createMigration('add_team', {
      migrationsDir: dir,
      schemaText: schema('model Account {\n  id Int @id\n}\nmodel Team {\n  id Int @id\n}\n'),
      now: new Date('2024-05-07T00:00:00.000Z'),
    });
    expect(next).toMatchObject({ created: true, migrationName: '20240507000000_add_team' });
    const sql = await readFile(join(dir, '20240507000000_add_team', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Team"');
    expect(sql).not.toContain('"Account"');
    expect(
      await createMigration('nothing', {
        migrationsDir: dir,
        schemaText: schema('model Account {\n  id Int @id\n}\nmodel Team {\n  id Int @id\n}\n'),
      }),
    ).toEqual({ created: false });
  });
});
