import type { MembershipRepository } from '@roster/core';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

/** Memberships: indexed both ways, (groupId, userId) and (userId, groupId). */
export function createMembershipRepository(db: Db): MembershipRepository {
  return {
    async add(groupId, userIds) {
      const wanted = [...new Set(userIds)].filter(isUuid);
      if (wanted.length === 0) return [];
      // ON CONFLICT DO NOTHING ... RETURNING: exactly the rows this call inserted, even under concurrency.
      const rows = await db.membership.createManyAndReturn({
        data: wanted.map((userId) => ({ groupId, userId })),
        skipDuplicates: true,
        select: { userId: true },
      });
      return rows.map((row) => row.userId);
    },
    async remove(groupId, userIds) {
      if (!isUuid(groupId)) return [];
      const wanted = [...new Set(userIds)].filter(isUuid);
      if (wanted.length === 0) return [];
      const rows = await db.$queryRaw<{ userId: string }[]>`
        DELETE FROM "Membership" WHERE "groupId" = ${groupId}::uuid AND "userId" = ANY(${wanted}::uuid[]) RETURNING "userId"`;
      return rows.map((row) => row.userId);
    },
    async memberIds(groupId) {
      if (!isUuid(groupId)) return [];
      return (await db.membership.findMany({ where: { groupId }, select: { userId: true }, orderBy: { userId: 'asc' } })).map(
        (row) => row.userId,
      );
    },
    async groupIdsOf(userId) {
      if (!isUuid(userId)) return [];
      return (await db.membership.findMany({ where: { userId }, select: { groupId: true }, orderBy: { groupId: 'asc' } })).map(
        (row) => row.groupId,
      );
    },
    async userIdsWithGroups(iamId) {
      const rows = await db.membership.findMany({ where: { group: { iamId } }, select: { userId: true }, distinct: ['userId'] });
      return rows.map((row) => row.userId);
    },
    async groupNamesOf(userIds) {
      const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
      const rows = await db.membership.findMany({
        where: { userId: { in: userIds.filter(isUuid) } },
        select: { userId: true, group: { select: { displayName: true } } },
      });
      for (const row of rows) result.get(row.userId)?.push(row.group.displayName);
      return result;
    },
  };
}
