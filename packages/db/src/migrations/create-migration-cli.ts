// `npm run db:migration -- <name>`: writes the migration that takes the committed migrations to
// schema.prisma. The Prisma CLI's `migrate dev` cannot run here (it downloads a native engine).
import { relative } from 'node:path';
import { createMigration } from './create-migration.ts';
import { MigrationError } from './migration-error.ts';

const usage = 'Usage: npm run db:migration -- <snake_case_name>';
// npm runs workspace scripts in the package folder; show paths as seen from where it was typed.
const shownFrom = process.env.INIT_CWD ?? process.cwd();

async function main(args: string[]): Promise<number> {
  const [name, ...extra] = args;
  if (name === undefined || extra.length > 0) {
    console.error(usage);
    return 1;
  }
  try {
    const result = await createMigration(name);
    if (!result.created) {
      console.log('schema.prisma and the committed migrations already agree: no migration written.');
      return 0;
    }
    console.log(`Created migration ${result.migrationName}:`);
    for (const file of result.files) console.log(`  ${relative(shownFrom, file)}`);
    return 0;
  } catch (error) {
    if (error instanceof MigrationError && error.code === 'INVALID_MIGRATION_NAME') {
      console.error(`${error.message}\n${usage}`);
      return 1;
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
