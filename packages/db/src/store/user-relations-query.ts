import { Prisma, type Group, type UserEmail } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';

/**
 * One page of a user's groups, in membership key order `(groupId, userId)` — the order Pothos'
 * Relay cursors over `Membership` use. `take` > 0 pages forwards after `cursor`, `take` < 0
 * backwards before it (rows come back in ascending order either way), as Prisma's `take` does.
 */
export interface UserGroupsPageRequest {
  readonly userId: string;
  readonly take: number;
  readonly cursor?: { readonly groupId: string; readonly userId: string } | undefined;
}

/** A membership with its group, as a page of `user.groups` returns it. */
export interface MembershipWithGroup {
  readonly groupId: string;
  readonly userId: string;
  readonly group: Group;
}

/** What a user's email list shows. */
export type UserEmailView = Pick<UserEmail, 'value' | 'type' | 'primary'>;

/** What {@link loadUserRelations} returns: emails by user id, and one group page per request. */
export interface UserRelations {
  readonly emails: ReadonlyMap<string, UserEmailView[]>;
  readonly groupPages: MembershipWithGroup[][];
}

// The answer's rows, as positional JSON arrays (no key repeated per row).
type EmailRow = [userId: string, value: string, type: string | null, primary: boolean];
type GroupRow = [page: number, id: string, iamId: string, displayName: string, displayNameKey: string, externalId: string | null, version: number, createdAt: string, updatedAt: string];

/**
 * The emails of `emailsOf` (by position) and the requested group pages, for a whole list of
 * users in ONE statement, so a GraphQL page of users costs one round trip for its emails and
 * groups together, however many users it holds. Shaped for the database's sake: each user's
 * page of memberships is an index range scan, and the groups of all pages are joined once.
 */
export async function loadUserRelations(db: Db, emailsOf: readonly string[], groupPages: readonly UserGroupsPageRequest[]): Promise<UserRelations> {
  const emails = new Map<string, UserEmailView[]>(emailsOf.map((id) => [id, []]));
  const pages: MembershipWithGroup[][] = groupPages.map(() => []);
  const wanted = groupPages.map((request, index) => ({ ...request, index })).filter((r) => r.take !== 0);
  if (emailsOf.length === 0 && wanted.length === 0) return { emails, groupPages: pages };
  // Each part comes back as one JSON text: parsing it once is far cheaper than decoding rows.
  const [answer] = await db.$queryRaw<[{ emails: string | null; groups: string | null }]>`
    WITH pages AS MATERIALIZED (${pagesOf(wanted.filter((r) => r.take > 0), true)} UNION ALL ${pagesOf(wanted.filter((r) => r.take < 0), false)})
    SELECT
      (SELECT json_agg(json_build_array(e."userId", e.value, e.type, e."primary") ORDER BY e."userId", e.position)
         FROM "UserEmail" e WHERE e."userId" = ANY(${emailsOf}::uuid[]))::text AS emails,
      (SELECT json_agg(json_build_array(p.i, g.id, g."iamId", g."displayName", g."displayNameKey", g."externalId", g.version, g."createdAt", g."updatedAt")
         ORDER BY p.i, p."groupId") FROM pages p JOIN "Group" g ON g.id = p."groupId")::text AS groups`;
  for (const [userId, value, type, primary] of JSON.parse(answer.emails ?? '[]') as EmailRow[]) emails.get(userId)?.push({ value, type, primary });
  for (const [page, id, iamId, displayName, displayNameKey, externalId, version, createdAt, updatedAt] of JSON.parse(answer.groups ?? '[]') as GroupRow[]) {
    const group: Group = { id, iamId, displayName, displayNameKey, externalId, version, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
    pages[page]!.push({ groupId: id, userId: groupPages[page]!.userId, group });
  }
  return { emails, groupPages: pages };
}

/** The memberships of each requested page: `(page index, groupId)`, one index range scan per page. */
function pagesOf(requests: readonly (UserGroupsPageRequest & { index: number })[], forward: boolean): Prisma.Sql {
  // Row-value comparison on the membership key, as Prisma's cursor does (the cursor row itself is skipped).
  const after = forward ? Prisma.sql`(m."groupId", m."userId") > (r."cursorGroupId", r."cursorUserId")` : Prisma.sql`(m."groupId", m."userId") < (r."cursorGroupId", r."cursorUserId")`;
  const order = forward ? Prisma.sql`m."groupId" ASC, m."userId" ASC` : Prisma.sql`m."groupId" DESC, m."userId" DESC`;
  const column = <T>(pick: (r: UserGroupsPageRequest & { index: number }) => T) => requests.map(pick);
  return Prisma.sql`(SELECT r.i, p."groupId"
    FROM unnest(${column((r) => r.userId)}::uuid[], ${column((r) => Math.abs(r.take))}::int[], ${column((r) => r.cursor?.groupId ?? null)}::uuid[],
                ${column((r) => r.cursor?.userId ?? null)}::uuid[], ${column((r) => r.index)}::int[]) AS r("userId", take, "cursorGroupId", "cursorUserId", i)
    CROSS JOIN LATERAL (SELECT m."groupId" FROM "Membership" m
      WHERE m."userId" = r."userId" AND (r."cursorGroupId" IS NULL OR ${after})
      ORDER BY ${order} LIMIT r.take) p)`;
}
