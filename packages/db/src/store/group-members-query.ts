import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { GROUP_MEMBERS, membershipPagesSql, type MembershipPageRequest } from './membership-pages.ts';
import { readUserRecord, USER_RECORD_JSON, type UserRecord } from './user-records.ts';

/** One page of a group's members, ordered by user id; `cursor` is a user id (rows come back in that order either way). */
export interface GroupMembersPageRequest extends MembershipPageRequest {
  readonly groupId: string;
}

/**
 * Pages of members of many groups in ONE statement (a list of groups with their members costs
 * one round trip), each page an index range scan of the membership key.
 */
export async function loadGroupMemberPages(db: SqlReader, requests: readonly GroupMembersPageRequest[]): Promise<UserRecord[][]> {
  const pages: UserRecord[][] = requests.map(() => []);
  const wanted = requests.map((request, index) => ({ ...request, owner: request.groupId, index })).filter((request) => request.take !== 0);
  if (wanted.length === 0) return pages;
  const answer = await db.one<{ members: string | null }>(Prisma.sql`
    WITH pages AS MATERIALIZED (${membershipPagesSql(GROUP_MEMBERS, wanted)})
    SELECT json_agg(json_build_array(p.i, ${USER_RECORD_JSON}) ORDER BY p.i, u.id)::text AS members FROM pages p JOIN "User" u ON u.id = p.id`);
  for (const [page, user] of JSON.parse(answer.members ?? '[]') as [number, unknown[]][]) pages[page]!.push(readUserRecord(user));
  return pages;
}
