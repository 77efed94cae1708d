import { Prisma, type Group, type UserEmail } from '../generated/prisma/client.ts';
import type { UserRelationsRequest } from '@roster/core';
import type { SqlReader } from '../client/sql-reader.ts';
import { GROUP_ROW_JSON, toGroupRecord, type GroupRowJson } from './group-records.ts';
import { membershipPagesSql, USER_GROUPS } from './membership-pages.ts';

export type { UserGroupsPageRequest } from '@roster/core';

/** What a user's email list shows. */
export type UserEmailView = Pick<UserEmail, 'value' | 'type' | 'primary'>;

/** A user attribute as a user's attribute list shows it. */
export interface UserAttributeView {
  readonly name: string;
  readonly values: string[];
}

export type { UserRelationsRequest } from '@roster/core';

/** What {@link loadUserRelations} returns: emails and attributes by user id, and one group page per request. */
export interface UserRelations {
  readonly emails: ReadonlyMap<string, UserEmailView[]>;
  readonly attributes: ReadonlyMap<string, UserAttributeView[]>;
  readonly groupPages: Group[][];
}

// The answer's rows, as positional JSON arrays (no key repeated per row).
type EmailRow = [userId: string, value: string, type: string | null, primary: boolean];
type AttributeRow = [userId: string, name: string, values: string[]];

const NOTHING = Prisma.sql`NULL::text`;

/**
 * The emails (by position), attributes (by name) and requested group pages of a whole list of
 * users in ONE statement, so a GraphQL page of users costs one round trip for all of them,
 * however many users it holds. Shaped for the database's sake: each user's page of memberships is
 * an index range scan, and the groups of all pages are joined once.
 */
export async function loadUserRelations(db: SqlReader, request: UserRelationsRequest): Promise<UserRelations> {
  const { emailsOf = [], attributesOf = [], groupPages = [] } = request;
  const emails = new Map<string, UserEmailView[]>(emailsOf.map((id) => [id, []]));
  const attributes = new Map<string, UserAttributeView[]>(attributesOf.map((id) => [id, []]));
  const pages: Group[][] = groupPages.map(() => []);
  const wanted = groupPages.map((page, index) => ({ ...page, index })).filter((page) => page.take !== 0);
  if (emailsOf.length === 0 && attributesOf.length === 0 && wanted.length === 0) return { emails, attributes, groupPages: pages };
  // Each part comes back as one JSON text: parsing it once is far cheaper than decoding rows.
  const answer = await db.one<{ emails: string | null; attributes: string | null; groups: string | null }>(Prisma.sql`
    SELECT
      ${
        emailsOf.length === 0
          ? NOTHING
          : Prisma.sql`(SELECT json_agg(json_build_array(e."userId", e.value, e.type, e."primary") ORDER BY e."userId", e.position)
         FROM "UserEmail" e WHERE e."userId" = ANY(${emailsOf}::uuid[]))::text`
      } AS emails,
      ${
        attributesOf.length === 0
          ? NOTHING
          : Prisma.sql`(SELECT json_agg(json_build_array(a."userId", a.name, a."values") ORDER BY a."userId", a.name)
         FROM "UserAttribute" a WHERE a."userId" = ANY(${attributesOf}::uuid[]))::text`
      } AS attributes,
      ${
        wanted.length === 0
          ? NOTHING
          : Prisma.sql`(WITH pages AS MATERIALIZED (${membershipPagesSql(
              USER_GROUPS,
              wanted.map((r) => ({ ...r, owner: r.userId })),
            )})
         SELECT json_agg(json_build_array(p.i, ${GROUP_ROW_JSON}) ORDER BY p.i, p.id) FROM pages p JOIN "Group" g ON g.id = p.id)::text`
      } AS groups`);
  for (const [userId, value, type, primary] of JSON.parse(answer.emails ?? '[]') as EmailRow[])
    emails.get(userId)?.push({ value, type, primary });
  for (const [userId, name, values] of JSON.parse(answer.attributes ?? '[]') as AttributeRow[])
    attributes.get(userId)?.push({ name, values });
  for (const [page, group] of JSON.parse(answer.groups ?? '[]') as [number, GroupRowJson][]) pages[page]!.push(toGroupRecord(group));
  return { emails, attributes, groupPages: pages };
}
