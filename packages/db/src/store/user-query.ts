import type { UserQuery, User, QueryPage } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { sortSql } from './filter-sql.ts';
import { allOf } from './query-sql.ts';
import { USER_RESOURCE, userConditionSql } from './user-filter-sql.ts';
import { toUser } from './user-repository.ts';

const { sql } = Prisma;

const withEmails = { emails: { orderBy: { position: 'asc' } } } as const satisfies Prisma.UserInclude;

/**
 * Runs a user query in the database: a COUNT and a SELECT of the page's ids, both with the filter
 * compiled to SQL (JSON profile values and text[] attribute values need more than Prisma's
 * where-objects express), then the page's users loaded in page order.
 */
export async function queryUsers(db: Db, query: UserQuery): Promise<QueryPage<User>> {
  const where = allOf([
    sql`u."iamId" = ${query.iamId}`,
    ...(query.includeDeprovisioned ? [] : [sql`u."deprovisionedAt" IS NULL`]),
    ...(query.filter ? [userConditionSql(query.filter)] : []),
  ]);
  const [counted] = await db.$queryRaw<{ total: number | bigint }[]>`SELECT count(*)::int AS total FROM "User" u WHERE ${where}`;
  const total = Number(counted?.total ?? 0);
  if (query.limit === 0 || query.offset >= total) return { total, items: [] };
  const page = await db.$queryRaw<{ id: string }[]>`
    SELECT u."id" FROM "User" u WHERE ${where} ORDER BY ${sortSql(USER_RESOURCE, query.sort, 'createdAt')} LIMIT ${query.limit}::int OFFSET ${query.offset}::int`;
  const rows = await db.user.findMany({ where: { id: { in: page.map((row) => row.id) } }, include: withEmails });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    total,
    items: page.flatMap(({ id }) => {
      const row = byId.get(id);
      return row ? [toUser(row)] : [];
    }),
  };
}
