import { Prisma } from '../generated/prisma/client.ts';
import { USER_TABLE_COLUMNS, type UserRecord } from './user-table.ts';

export type { UserRecord } from './user-table.ts';

// The columns a UserRecord is read from, in table order (user-table.ts): the order of the JSON
// array below, and of its parse.
const READ = USER_TABLE_COLUMNS.flatMap(([name, column]) => (column.read ? [[name, column.read] as const] : []));

/**
 * One user row as a positional JSON array (PostgreSQL builds arrays at half the cost of objects,
 * and no key is repeated per row). Read queries aggregate their rows into one JSON text: parsing
 * it is far cheaper than decoding row by row, column by column. Correlates with an outer `"User" u`.
 */
export const USER_RECORD_JSON = Prisma.sql`json_build_array(${Prisma.raw(READ.map(([name]) => `u."${name}"`).join(', '))})`;

/** A user's emails by position, as `[value, type, primary]` arrays (NULL: none). Correlates with an outer `"User" u`. */
export const USER_EMAILS_JSON = Prisma.sql`(SELECT json_agg(json_build_array(e.value, e.type, e."primary") ORDER BY e.position) FROM "UserEmail" e WHERE e."userId" = u.id)`;

/**
 * A user from its {@link USER_RECORD_JSON} array (timestamps become Dates). About 1 µs per row
 * more than a hand-written destructuring (computed keys; a function generated with `new Function`
 * is as fast, but no eval here): 50 µs on a page of 50 users, within the bench's noise.
 */
export function readUserRecord(values: readonly unknown[]): UserRecord {
  const record: Record<string, unknown> = {};
  for (let i = 0; i < READ.length; i++) {
    const [name, read] = READ[i]!;
    record[name] = read(values[i]);
  }
  return record as unknown as UserRecord;
}

/** A type's fields, writable: for adding to records a query has just built. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Users from a JSON array of {@link USER_RECORD_JSON} arrays (NULL: none). */
export function parseUserRecords(text: string | null): UserRecord[] {
  return text === null ? [] : (JSON.parse(text) as unknown[][]).map(readUserRecord);
}
