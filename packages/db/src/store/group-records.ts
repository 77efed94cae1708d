import { Prisma, type Group } from '../generated/prisma/client.ts';

/** A group as read queries return it: every column of its row. */
export type GroupRecord = Group;

/** A group row as a positional JSON array (no key repeated per row), for read queries that aggregate their rows. Correlates with `"Group" g`. */
export const GROUP_ROW_JSON = Prisma.sql`json_build_array(g.id, g."iamId", g."displayName", g."displayNameKey", g."externalId", g.version, g."createdAt", g."updatedAt")`;

/** The JSON shape of {@link GROUP_ROW_JSON}: timestamps are ISO strings. */
export type GroupRowJson = [id: string, iamId: string, displayName: string, displayNameKey: string, externalId: string | null, version: number, createdAt: string, updatedAt: string];

/** A group from its JSON array. */
export function toGroupRecord([id, iamId, displayName, displayNameKey, externalId, version, createdAt, updatedAt]: GroupRowJson): Group {
  return { id, iamId, displayName, displayNameKey, externalId, version, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) };
}
