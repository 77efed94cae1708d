import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { mapDriverError, mapPrismaError } from '../store/map-prisma-error.ts';

/**
 * Runs statements outside transactions on the database driver itself (pg's pool, or PGlite), for
 * the API's hot paths: the reads (a page of users and its relations, one statement that returns
 * JSON text; an IAM for authentication) and the one-statement user insert, which is an implicit
 * transaction of its own. Prisma's raw-query path serializes every parameter to JSON and back and maps each result
 * value, ~0.15 ms per statement here, which was a tenth of a users page. Statements are built with
 * `Prisma.sql` like every other raw query, so parameters are always bound, never spliced.
 *
 * Outside transactions only: on PGlite, a statement waits while a transaction runs, so one
 * issued from inside a transaction would wait for itself.
 */
export interface SqlReader {
  /** The rows of one statement. */
  query<T>(statement: Prisma.Sql): Promise<T[]>;
  /** The one row of a statement that always returns exactly one (an aggregate). */
  one<T>(statement: Prisma.Sql): Promise<T>;
}

/**
 * A reader on the pool the Prisma client also uses (PostgreSQL). Statements are prepared once per
 * connection and named by their text (a page of users has a few shapes, each with its parameters
 * bound): the server parses and plans each shape once, which was a fifth of its time per page.
 */
export function createPgReader(pool: pg.Pool, onQuery?: (sql: string) => void): SqlReader {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    // Past the cap (shapes that only unusual filter combinations make), statements go unnamed.
    if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) names.set(text, (name = `roster_read_${names.size}`));
    return name;
  };
  return reader(async <T>(statement: Prisma.Sql) => {
    onQuery?.(statement.text);
    return (await pool.query({ name: nameOf(statement.text), text: statement.text, values: statement.values })).rows as T[];
  });
}

/** Statement shapes prepared per connection, at most. */
const MAX_PREPARED_STATEMENTS = 200;

/** A reader on the embedded database (PGlite runs one statement at a time, Prisma's included). */
export function createPgliteReader(pglite: PGlite, onQuery?: (sql: string) => void): SqlReader {
  return reader(async <T>(statement: Prisma.Sql) => {
    onQuery?.(statement.text);
    return (await pglite.query<T>(statement.text, statement.values)).rows;
  });
}

/**
 * A reader through Prisma's raw queries, for stores opened without a driver-level reader (the
 * statements are the same; each costs Prisma's parameter and result mapping).
 */
export function createPrismaReader(prisma: PrismaClient): SqlReader {
  return reader(<T>(statement: Prisma.Sql) => prisma.$queryRaw<T[]>(statement), mapPrismaError);
}

function reader(run: <T>(statement: Prisma.Sql) => Promise<T[]>, mapError: (error: unknown) => unknown = mapDriverError): SqlReader {
  // A lost database is STORAGE_UNAVAILABLE here too, as on every Prisma path.
  const query = async <T>(statement: Prisma.Sql): Promise<T[]> => {
    try {
      return await run<T>(statement);
    } catch (error) {
      throw mapError(error);
    }
  };
  return {
    query,
    async one<T>(statement: Prisma.Sql) {
      const [row, ...more] = await query<T>(statement);
      if (row === undefined || more.length > 0) throw new Error('A single-row read returned another number of rows.');
      return row;
    },
  };
}
