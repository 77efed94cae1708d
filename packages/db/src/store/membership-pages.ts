import type { MembershipPageRequest } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

// The request shape is the read port's (core's read-model.ts).
export type { MembershipPageRequest } from '@roster/core';

/** Tells pages apart: two requests with the same key read the same rows. */
export function membershipPageKey(request: MembershipPageRequest): string {
  return `${request.take}:${request.cursor ?? ''}`;
}

/** Which side a page is of: the id its requests name, and the id its rows are ordered and paged by. */
export type MembershipSide =
  { readonly owner: 'userId'; readonly other: 'groupId' } | { readonly owner: 'groupId'; readonly other: 'userId' };

/** A user's groups, by group id. */
export const USER_GROUPS: MembershipSide = { owner: 'userId', other: 'groupId' };
/** A group's members, by user id. */
export const GROUP_MEMBERS: MembershipSide = { owner: 'groupId', other: 'userId' };

/**
 * The other side's ids on one page of `owner`'s memberships, as a subquery of one column `id`: an
 * index range scan of the membership key (or its reverse index), from the start or from beyond
 * `cursor` (an expression that may be NULL, meaning no cursor, when `cursorMayBeNull`).
 */
export function membershipRangeSql(
  side: MembershipSide,
  owner: Prisma.Sql,
  take: Prisma.Sql,
  forward: boolean,
  cursor?: { readonly id: Prisma.Sql; readonly mayBeNull: boolean },
): Prisma.Sql {
  const other = Prisma.raw(`m."${side.other}"`);
  const [beyond, direction] = forward ? [Prisma.raw('>'), Prisma.raw('ASC')] : [Prisma.raw('<'), Prisma.raw('DESC')];
  const from = !cursor
    ? Prisma.empty
    : cursor.mayBeNull
      ? Prisma.sql` AND (${cursor.id} IS NULL OR ${other} ${beyond} ${cursor.id})`
      : Prisma.sql` AND ${other} ${beyond} ${cursor.id}`;
  return Prisma.sql`SELECT ${other} AS id FROM "Membership" m WHERE ${Prisma.raw(`m."${side.owner}"`)} = ${owner}${from} ORDER BY ${other} ${direction} LIMIT ${take}`;
}

/**
 * The rows of many pages as `(i, id)`: `i` the request's index, `id` the other side's. One index
 * range scan per page (the membership key and its reverse index); the requests travel as one
 * JSON parameter. Requests with take 0 must be left out by the caller.
 */
export function membershipPagesSql(
  side: MembershipSide,
  requests: readonly (MembershipPageRequest & { owner: string; index: number })[],
): Prisma.Sql {
  const forward = requests.filter((r) => r.take > 0);
  const backward = requests.filter((r) => r.take < 0);
  return Prisma.sql`${pagesSql(side, forward, true)} UNION ALL ${pagesSql(side, backward, false)}`;
}

function pagesSql(
  side: MembershipSide,
  requests: readonly (MembershipPageRequest & { owner: string; index: number })[],
  forward: boolean,
): Prisma.Sql {
  const document = JSON.stringify(requests.map((r) => ({ o: r.owner, t: Math.abs(r.take), c: r.cursor ?? null, i: r.index })));
  const range = membershipRangeSql(side, Prisma.sql`r.o`, Prisma.sql`r.t`, forward, { id: Prisma.sql`r.c`, mayBeNull: true });
  return Prisma.sql`(SELECT r.i, p.id FROM jsonb_to_recordset(${document}::jsonb) AS r(o uuid, t int, c uuid, i int) CROSS JOIN LATERAL (${range}) p)`;
}
