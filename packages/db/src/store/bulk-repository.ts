import {
  RosterError,
  sameValue,
  type AttributeMap,
  type BulkRepository,
  type Group,
  type MembershipPair,
  type Permission,
  type User,
  type UserSource,
} from '@roster/core';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';
import { attributeRows, emailRows } from './user-rows.ts';
import { jsonObject, parseStoredJson, profileJson } from './stored-json.ts';

/** A user row as the raw queries below return it (emails aggregated as JSON). */
interface RawUser {
  id: string;
  iamId: string;
  userName: string;
  externalId: string | null;
  externalUsername: string | null;
  active: boolean;
  deprovisionedAt: Date | null;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  profile: unknown;
  source: string;
  sourceAttributes: unknown;
  permissions: string[];
  groupPermissions: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  emails: { value: string; type: string | null; primary: boolean }[] | string | null;
}

const USER_SELECT = `
  SELECT u.id::text AS id, u."iamId", u."userName", u."externalId", u."externalUsername", u.active, u."deprovisionedAt",
         u."displayName", u."givenName", u."familyName", u.profile, u.source, u."sourceAttributes", u.permissions, u."groupPermissions",
         u.version, u."createdAt", u."updatedAt",
         (SELECT coalesce(json_agg(json_build_object('value', e.value, 'type', e.type, 'primary', e."primary") ORDER BY e.position), '[]'::json)
            FROM "UserEmail" e WHERE e."userId" = u.id)::text AS emails
    FROM "User" u`;

const GROUP_SELECT = `SELECT id::text AS id, "iamId", "displayName", "externalId", version, "createdAt", "updatedAt" FROM "Group"`;

/**
 * The set-based statements a directory sync runs per page, in plain SQL with array parameters
 * (`unnest`, `= ANY`): one round trip for a thousand rows, and none of the ORM's per-row work,
 * which dominated a page's cost when these went through Prisma's createMany/findMany.
 */
export function createBulkRepository(db: Db): BulkRepository {
  /** For each id, the other side of its memberships (group -> member ids, user -> group ids). */
  const membershipsBy = async (side: 'groupId' | 'userId', ids: readonly string[]): Promise<Map<string, string[]>> => {
    const other = side === 'groupId' ? 'userId' : 'groupId';
    const result = new Map<string, string[]>(ids.map((id) => [id, []]));
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return result;
    const rows = await db.$queryRawUnsafe<{ key: string; id: string }[]>(
      `SELECT "${side}"::text AS key, "${other}"::text AS id FROM "Membership" WHERE "${side}" = ANY($1::uuid[])`,
      wanted,
    );
    for (const row of rows) result.get(row.key)?.push(row.id);
    return result;
  };
  const users = async (where: string, ...values: unknown[]): Promise<User[]> =>
    (await db.$queryRawUnsafe<RawUser[]>(`${USER_SELECT} WHERE ${where} ORDER BY u."createdAt", u.id`, ...values)).map(toUser);
  return {
    usersByExternalIds: async (iamId, externalIds) =>
      externalIds.length === 0 ? [] : users(`u."iamId" = $1 AND u."externalId" = ANY($2::text[])`, iamId, [...externalIds]),
    usersByUserNames: async (iamId, userNames) =>
      userNames.length === 0
        ? []
        : users(
            `u."iamId" = $1 AND u."userNameKey" = ANY($2::text[])`,
            iamId,
            userNames.map((name) => name.toLowerCase()),
          ),
    async insertUsers(rows) {
      if (rows.length === 0) return;
      // One JSON document per statement: a string parameter goes to PostgreSQL as it is, where
      // column arrays are each rebuilt as an escaped array literal (most of a page's allocations).
      await db.$executeRawUnsafe(
        `INSERT INTO "User" (id, "iamId", "userName", "userNameKey", "externalId", "externalUsername", "externalUsernameKey", active, "deprovisionedAt",
                             "displayName", "givenName", "familyName", profile, source, "sourceAttributes", permissions, "groupPermissions", version, "createdAt", "updatedAt")
         SELECT t.id, t.iam, t.n, lower(t.n), t.x, t.xn, lower(t.xn), t.a, t.dp, t.dn, t.gn, t.fn, t.p, t.s, coalesce(t.sa, '{}'), t.pm, t.gp, t.v, t.c, t.u
           FROM jsonb_to_recordset($1::jsonb)
             AS t(id uuid, iam text, n text, x text, xn text, a boolean, dp timestamptz, dn text, gn text, fn text, p jsonb, s "UserSource", sa jsonb,
                  pm text[], gp text[], v int, c timestamptz, u timestamptz)`,
        JSON.stringify(rows.map(newUserEntry)),
      );
      await insertEmails(db, rows);
    },
    insertUserAttributes: (attributesByUser) => insertAttributes(db, attributesByUser),
    async updateUsers(changes) {
      if (changes.length === 0) return;
      // One statement for the page, each row guarded by the version it was read at.
      const updated = await db.$queryRawUnsafe<{ id: string }[]>(
        `UPDATE "User" u SET "userName" = t.n, "userNameKey" = lower(t.n), "externalId" = t.x, "externalUsername" = t.xn, "externalUsernameKey" = lower(t.xn),
                active = t.a, "deprovisionedAt" = t.dp, "displayName" = t.dn, "givenName" = t.gn, "familyName" = t.fn, profile = t.p, source = t.s,
                "sourceAttributes" = coalesce(t.sa, '{}'), permissions = t.pm, "groupPermissions" = t.gp, version = t.v, "updatedAt" = t.u
           FROM jsonb_to_recordset($1::jsonb)
             AS t(id uuid, pv int, n text, x text, xn text, a boolean, dp timestamptz, dn text, gn text, fn text, p jsonb, s "UserSource", sa jsonb,
                  pm text[], gp text[], v int, u timestamptz)
          WHERE u.id = t.id AND u.version = t.pv
          RETURNING u.id::text AS id`,
        JSON.stringify(changes.map(({ user, previous }) => ({ ...newUserEntry(user), pv: previous.version }))),
      );
      if (updated.length !== changes.length) {
        const missing = changes.find(({ user }) => !updated.some((row) => row.id === user.id))?.user.id;
        throw new RosterError('VERSION_MISMATCH', `User ${missing} changed concurrently; retry.`, { details: { userId: missing } });
      }
      const moved = changes.filter(({ user, previous }) => !sameValue(user.emails, previous.emails)).map(({ user }) => user);
      if (moved.length === 0) return;
      await db.$executeRawUnsafe(
        `DELETE FROM "UserEmail" WHERE "userId" = ANY($1::uuid[])`,
        moved.map((user) => user.id),
      );
      await insertEmails(db, moved);
    },
    async replaceUserAttributes(attributesByUser) {
      if (attributesByUser.size === 0) return;
      await db.$executeRawUnsafe(`DELETE FROM "UserAttribute" WHERE "userId" = ANY($1::uuid[])`, [...attributesByUser.keys()]);
      await insertAttributes(db, attributesByUser);
    },
    async userIdsInIam(iamId, ids) {
      const wanted = [...new Set(ids)].filter(isUuid);
      if (wanted.length === 0) return [];
      return (
        await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT id::text AS id FROM "User" WHERE "iamId" = $1 AND id = ANY($2::uuid[])`,
          iamId,
          wanted,
        )
      ).map((r) => r.id);
    },
    async userIdsWithGroupPermissions(ids) {
      const wanted = [...new Set(ids)].filter(isUuid);
      if (wanted.length === 0) return [];
      const rows = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM "User" WHERE id = ANY($1::uuid[]) AND cardinality("groupPermissions") > 0`,
        wanted,
      );
      return rows.map((r) => r.id);
    },
    async activeUserIds(iamId, page) {
      const rows = await db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM "User" WHERE "iamId" = $1 AND active AND id > $2::uuid ORDER BY id LIMIT $3`,
        iamId,
        page.afterId ?? '00000000-0000-0000-0000-000000000000',
        page.limit,
      );
      return rows.map((r) => r.id);
    },
    memberIdsOfGroups: (groupIds) => membershipsBy('groupId', groupIds),
    groupIdsOfUsers: (userIds) => membershipsBy('userId', userIds),
    async addMemberships(pairs) {
      if (pairs.length === 0) return [];
      // ON CONFLICT DO NOTHING ... RETURNING: exactly the rows this statement inserted, even under concurrency.
      return db.$queryRawUnsafe<MembershipPair[]>(
        `INSERT INTO "Membership" ("groupId", "userId") SELECT * FROM unnest($1::uuid[], $2::uuid[])
         ON CONFLICT DO NOTHING RETURNING "groupId"::text AS "groupId", "userId"::text AS "userId"`,
        pairs.map((p) => p.groupId),
        pairs.map((p) => p.userId),
      );
    },
    async removeMemberships(pairs) {
      if (pairs.length === 0) return [];
      return db.$queryRawUnsafe<MembershipPair[]>(
        `DELETE FROM "Membership" m USING unnest($1::uuid[], $2::uuid[]) AS t("groupId", "userId")
          WHERE m."groupId" = t."groupId" AND m."userId" = t."userId" RETURNING m."groupId"::text AS "groupId", m."userId"::text AS "userId"`,
        pairs.map((p) => p.groupId),
        pairs.map((p) => p.userId),
      );
    },
    async touchGroups(ids, at) {
      if (ids.length === 0) return;
      await db.$executeRawUnsafe(
        `UPDATE "Group" SET version = version + 1, "updatedAt" = $2::timestamptz WHERE id = ANY($1::uuid[])`,
        [...ids],
        at.toISOString(),
      );
    },
    groupsByDisplayNames: async (iamId, displayNames) =>
      displayNames.length === 0
        ? []
        : (
            await db.$queryRawUnsafe<Group[]>(
              `${GROUP_SELECT} WHERE "iamId" = $1 AND "displayNameKey" = ANY($2::text[])`,
              iamId,
              displayNames.map((name) => name.toLowerCase()),
            )
          ).map(toGroup),
    async insertGroups(groups) {
      if (groups.length === 0) return;
      await db.$executeRawUnsafe(
        `INSERT INTO "Group" (id, "iamId", "displayName", "displayNameKey", "externalId", version, "createdAt", "updatedAt")
         SELECT t.id, t."iamId", t."displayName", lower(t."displayName"), t."externalId", t.version, t."createdAt", t."updatedAt"
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::timestamptz[])
             AS t(id, "iamId", "displayName", "externalId", version, "createdAt", "updatedAt")`,
        groups.map((g) => g.id),
        groups.map((g) => g.iamId),
        groups.map((g) => g.displayName),
        groups.map((g) => g.externalId),
        groups.map((g) => g.version),
        groups.map((g) => g.createdAt.toISOString()),
        groups.map((g) => g.updatedAt.toISOString()),
      );
    },
    async directoryGroups(iamId) {
      return (await db.$queryRawUnsafe<Group[]>(`${GROUP_SELECT} WHERE "iamId" = $1 AND "externalId" IS NOT NULL ORDER BY id`, iamId)).map(
        toGroup,
      );
    },
  };
}

/** The users' emails, in one statement. */
async function insertEmails(db: Db, users: readonly User[]): Promise<void> {
  const emails = emailRows(users);
  if (emails.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO "UserEmail" ("userId", position, "iamId", value, "valueKey", type, "primary")
     SELECT t."userId", t.position, t."iamId", t.value, lower(t.value), t.type, t."primary"
       FROM jsonb_to_recordset($1::jsonb) AS t("userId" uuid, position int, "iamId" text, value text, type text, "primary" boolean)`,
    JSON.stringify(emails),
  );
}

/** Attribute rows of users, in one statement. */
async function insertAttributes(db: Db, attributesByUser: ReadonlyMap<string, AttributeMap>): Promise<void> {
  const rows = attributeRows(attributesByUser);
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO "UserAttribute" ("userId", name, "values")
     SELECT t."userId", t.name, t."values" FROM jsonb_to_recordset($1::jsonb) AS t("userId" uuid, name text, "values" text[])`,
    JSON.stringify(rows),
  );
}

/**
 * A new user as one element of insertUsers' document: short keys, and the nullable columns left
 * out when null (they read as NULL). A directory page's document is then less than half as long
 * as with column names, and it is copied several times on its way: Prisma serializes raw-query
 * parameters to JSON and parses them back, pg encodes the result, and Prisma's debug history
 * keeps the arguments of its last calls alive.
 */
function newUserEntry(user: User) {
  return {
    id: user.id,
    iam: user.iamId,
    n: user.userName,
    x: user.externalId ?? undefined,
    xn: user.externalUsername ?? undefined,
    a: user.active,
    dp: user.deprovisionedAt ?? undefined,
    dn: user.displayName ?? undefined,
    gn: user.givenName ?? undefined,
    fn: user.familyName ?? undefined,
    p: user.profile,
    s: user.source,
    sa: Object.keys(user.sourceAttributes).length > 0 ? user.sourceAttributes : undefined,
    pm: user.permissions,
    gp: user.groupPermissions,
    v: user.version,
    c: user.createdAt,
    u: user.updatedAt,
  };
}

function toGroup(row: Group): Group {
  return { ...row, version: Number(row.version), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) };
}

function toUser(row: RawUser): User {
  const emails = typeof row.emails === 'string' ? (JSON.parse(row.emails) as RawUser['emails']) : row.emails;
  return {
    id: row.id,
    iamId: row.iamId,
    userName: row.userName,
    externalId: row.externalId,
    externalUsername: row.externalUsername,
    active: row.active,
    deprovisionedAt: row.deprovisionedAt && new Date(row.deprovisionedAt),
    displayName: row.displayName,
    givenName: row.givenName,
    familyName: row.familyName,
    emails: ((emails as Exclude<RawUser['emails'], string>) ?? []).map((e) => ({ value: e.value, type: e.type, primary: e.primary })),
    profile: parseStoredJson(
      profileJson,
      typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile,
      `User ${row.id}.profile`,
    ),
    source: row.source as UserSource,
    sourceAttributes: parseStoredJson(
      jsonObject,
      typeof row.sourceAttributes === 'string' ? JSON.parse(row.sourceAttributes) : (row.sourceAttributes ?? {}),
      `User ${row.id}.sourceAttributes`,
    ),
    permissions: row.permissions as Permission[],
    groupPermissions: row.groupPermissions as Permission[],
    version: Number(row.version),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}
