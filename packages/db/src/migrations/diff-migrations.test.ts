import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { diffMigrationsAgainstSchema } from './diff-migrations.ts';
import { schemaPath } from './migration-files.ts';

describe('diffMigrationsAgainstSchema', { timeout: 60_000 }, () => {
  it('finds the committed migrations and schema.prisma in agreement', async () => {
    const { inSync, sql } = await diffMigrationsAgainstSchema();
    // When this fails, schema.prisma was changed without a migration: run
    // `npm run db:migration -- <what_changed>` and commit the folder it writes.
    expect(sql, 'schema.prisma differs from prisma/migrations: run `npm run db:migration -- <name>`').toBe('');
    expect(inSync).toBe(true);
  });

  it('reports the SQL a schema change is missing', async () => {
    const schemaText = `${await readFile(schemaPath, 'utf8')}\nmodel Drift {\n  id Int @id\n}\n`;
    const { inSync, sql } = await diffMigrationsAgainstSchema({ schemaText });
    expect(inSync).toBe(false);
    expect(sql).toContain('CREATE TABLE "Drift"');
  });
});
