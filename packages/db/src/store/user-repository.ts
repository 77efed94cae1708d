import { RosterError, sameValue, type Permission, type User, type UserRepository } from '@roster/core';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { UUID } from './query-sql.ts';
import { userRow, userUpdateColumns } from './user-rows.ts';
import { jsonObject, parseStoredJson, profileJson } from './stored-json.ts';

const withEmails = { emails: { orderBy: { position: 'asc' } } } as const satisfies Prisma.UserInclude;
type UserRow = Prisma.UserGetPayload<{ include: typeof withEmails }>;

/** Users in PostgreSQL; case-insensitive names and emails are stored as lower-cased key columns. */
export function createUserRepository(db: Db): UserRepository {
  const findMany = async (where: Prisma.UserWhereInput) =>
    (await db.user.findMany({ where, include: withEmails, orderBy: { createdAt: 'asc' } })).map(toUser);
  return {
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await db.user.findUnique({ where: { id }, include: withEmails });
      return row && toUser(row);
    },
    getMany: (ids) => findMany({ id: { in: ids.filter(isUuid) } }),
    async findByUserName(iamId, userName) {
      const row = await db.user.findUnique({
        where: { iamId_userNameKey: { iamId, userNameKey: userName.toLowerCase() } },
        include: withEmails,
      });
      return row && toUser(row);
    },
    async findByExternalId(iamId, externalId) {
      return (await findMany({ iamId, externalId }))[0] ?? null;
    },
    findByEmail: (iamId, email, type) =>
      findMany({
        emails: {
          some: { iamId, valueKey: email.toLowerCase(), ...(type === undefined ? {} : { type: { equals: type, mode: 'insensitive' } }) },
        },
      }),
    findByDisplayName: (iamId, displayName) => findMany({ iamId, displayName: { equals: displayName, mode: 'insensitive' } }),
    async findByExternalUsername(externalUsername) {
      const row = await db.user.findUnique({ where: { externalUsernameKey: externalUsername.toLowerCase() }, include: withEmails });
      return row && toUser(row);
    },
    findByExternalIds: async (iamId, externalIds) =>
      externalIds.length === 0 ? [] : findMany({ iamId, externalId: { in: [...externalIds] } }),
    findByUserNames: async (iamId, userNames) =>
      userNames.length === 0 ? [] : findMany({ iamId, userNameKey: { in: userNames.map((name) => name.toLowerCase()) } }),
    async insertMany(users) {
      if (users.length === 0) return;
      await db.user.createMany({
        data: users.map(userRow),
      });
      const emails = users.flatMap(toEmailRows);
      if (emails.length > 0) await db.userEmail.createMany({ data: emails });
    },
    listPage: async (iamId, page) =>
      (
        await db.user.findMany({
          where: { iamId, ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
          include: withEmails,
          orderBy: { id: 'asc' },
          take: page.limit,
        })
      ).map(toUser),
    count: (iamId, filter = {}) => db.user.count({ where: { iamId, ...(filter.active === undefined ? {} : { active: filter.active }) } }),
    async insert(user) {
      await db.user.create({ data: userRow(user) });
      if (user.emails.length > 0) await db.userEmail.createMany({ data: toEmailRows(user) });
    },
    async update(user, previous) {
      const { count } = await db.user.updateMany({ where: { id: user.id, version: previous.version }, data: userUpdateColumns(user) });
      if (count === 0) {
        throw new RosterError('VERSION_MISMATCH', `User ${user.id} changed concurrently; retry.`, { details: { userId: user.id } });
      }
      if (sameValue(user.emails, previous.emails)) return;
      await db.userEmail.deleteMany({ where: { userId: user.id } });
      await db.userEmail.createMany({ data: toEmailRows(user) });
    },
    async delete(id) {
      await db.user.delete({ where: { id } });
    },
  };
}

function toEmailRows(user: User): Prisma.UserEmailCreateManyInput[] {
  return user.emails.map((email, position) => ({
    userId: user.id,
    position,
    iamId: user.iamId,
    value: email.value,
    valueKey: email.value.toLowerCase(),
    type: email.type,
    primary: email.primary,
  }));
}

/** A stored user row as core's User. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    iamId: row.iamId,
    userName: row.userName,
    externalId: row.externalId,
    externalUsername: row.externalUsername,
    active: row.active,
    deprovisionedAt: row.deprovisionedAt,
    displayName: row.displayName,
    givenName: row.givenName,
    familyName: row.familyName,
    emails: row.emails.map((email) => ({ value: email.value, type: email.type, primary: email.primary })),
    profile: parseStoredJson(profileJson, row.profile, `User ${row.id}.profile`),
    source: row.source,
    sourceAttributes: parseStoredJson(jsonObject, row.sourceAttributes, `User ${row.id}.sourceAttributes`),
    permissions: row.permissions as Permission[],
    groupPermissions: row.groupPermissions as Permission[],
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Ids are UUIDs; anything else cannot name a row (and must not reach a uuid column). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
