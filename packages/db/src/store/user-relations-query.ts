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

/** What {@link loadUserRelations} returns: emails by user id, and one group page per request. */
export interface UserRelations {
  readonly emails: ReadonlyMap<string, UserEmail[]>;
  readonly groupPages: MembershipWithGroup[][];
}

/** One part of the answer: a user's emails (keyed by user id) or a group page (keyed by request index). */
type Part = ['emails' | 'groups', string, unknown[] | null];

/**
 * The emails of `emailsOf` (by position) and the requested group pages, for a whole list of
 * users in ONE statement: each user's part is aggregated as JSON, so a GraphQL page of users
 * costs one round trip for its emails and groups together, however many users it holds.
 */
export async function loadUserRelations(db: Db, emailsOf: readonly string[], groupPages: readonly UserGroupsPageRequest[]): Promise<UserRelations> {
  const parts: Prisma.Sql[] = [];
  if (emailsOf.length > 0) parts.push(emailsPart(emailsOf));
  for (const forward of [true, false]) {
    const requests = groupPages.map((request, index) => ({ ...request, index })).filter((r) => r.take !== 0 && (r.take > 0) === forward);
    if (requests.length > 0) parts.push(groupsPart(requests, forward));
  }
  const emails = new Map<string, UserEmail[]>(emailsOf.map((id) => [id, []]));
  const pages: MembershipWithGroup[][] = groupPages.map(() => []);
  if (parts.length === 0) return { emails, groupPages: pages };
  // The whole answer comes back as one JSON text: parsing it once is far cheaper than Prisma
  // decoding a JSON column per row.
  const [{ answer }] = await db.$queryRaw<[{ answer: string | null }]>`SELECT json_agg(json_build_array(x.kind, x.key, x.items))::text AS answer FROM (${Prisma.join(parts, ' UNION ALL ')}) x`;
  for (const [kind, key, items] of JSON.parse(answer ?? '[]') as Part[]) {
    if (kind === 'emails') emails.set(key, (items ?? []) as UserEmail[]);
    else pages[Number(key)] = ((items ?? []) as { groupId: string; userId: string; group: JsonGroup }[]).map((m) => ({ ...m, group: toGroup(m.group) }));
  }
  return { emails, groupPages: pages };
}

function emailsPart(userIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`(SELECT 'emails' AS kind, u.id::text AS key,
      (SELECT json_agg(row_to_json(e) ORDER BY e.position) FROM "UserEmail" e WHERE e."userId" = u.id::uuid) AS items
    FROM json_array_elements_text(${JSON.stringify(userIds)}::json) AS u(id))`;
}

function groupsPart(requests: readonly (UserGroupsPageRequest & { index: number })[], forward: boolean): Prisma.Sql {
  // Row-value comparison on the membership key, as Prisma's cursor does (the cursor row itself is skipped).
  const after = forward ? Prisma.sql`(m."groupId", m."userId") > (r."cursorGroupId", r."cursorUserId")` : Prisma.sql`(m."groupId", m."userId") < (r."cursorGroupId", r."cursorUserId")`;
  const order = forward ? Prisma.sql`m."groupId" ASC, m."userId" ASC` : Prisma.sql`m."groupId" DESC, m."userId" DESC`;
  return Prisma.sql`(SELECT 'groups' AS kind, r.i::text AS key,
      (SELECT json_agg(json_build_object('groupId', p."groupId", 'userId', p."userId", 'group', (SELECT row_to_json(g) FROM "Group" g WHERE g.id = p."groupId"))
          ORDER BY p."groupId", p."userId") FROM (
        SELECT m."groupId", m."userId" FROM "Membership" m
        WHERE m."userId" = r."userId" AND (r."cursorGroupId" IS NULL OR ${after})
        ORDER BY ${order} LIMIT abs(r.take)) p) AS items
    FROM json_to_recordset(${JSON.stringify(requests.map((r) => ({ userId: r.userId, take: r.take, cursorGroupId: r.cursor?.groupId ?? null, cursorUserId: r.cursor?.userId ?? null, i: r.index })))}::json)
      AS r("userId" uuid, take int, "cursorGroupId" uuid, "cursorUserId" uuid, i int))`;
}

type JsonGroup = Omit<Group, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };

// JSON has no timestamps: the group's DateTime columns come back as ISO strings.
function toGroup(group: JsonGroup): Group {
  return { ...group, createdAt: new Date(group.createdAt), updatedAt: new Date(group.updatedAt) };
}
