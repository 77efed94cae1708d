import { Prisma, type Group } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { isUuid } from './user-repository.ts';

/** A group as read queries return it: every column of its row. */
export type GroupRecord = Group;

/** A group row as a positional JSON array (no key repeated per row), for read queries that aggregate their rows. Correlates with `"Group" g`. */
export const GROUP_ROW_JSON = Prisma.sql`json_build_array(g.id, g."iamId", g."displayName", g."displayNameKey", g."externalId", g.version, g."createdAt", g."updatedAt")`;

/** The JSON shape of {@link GROUP_ROW_JSON}: timestamps are ISO strings. */
export type GroupRowJson = [
  id: string,
  iamId: string,
  displayName: string,
  displayNameKey: string,
  externalId: string | null,
  version: number,
  createdAt: string,
  updatedAt: string,
];

/** The groups with these ids, in no particular order; ids that are not groups are left out. */
export async function groupsByIds(db: SqlReader, ids: readonly string[]): Promise<GroupRecord[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const { groups } = await db.one<{ groups: string | null }>(
    Prisma.sql`SELECT json_agg(${GROUP_ROW_JSON})::text AS groups FROM "Group" g WHERE g.id = ANY(${wanted}::uuid[])`,
  );
  return groups === null ? [] : (JSON.parse(groups) as GroupRowJson[]).map(toGroupRecord);
}

/** A group from its JSON array. */
export function toGroupRecord([id, iamId, displayName, displayNameKey, externalId, version, createdAt, updatedAt]: GroupRowJson): Group {
  return { id, iamId, displayName, displayNameKey, externalId, version, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}
