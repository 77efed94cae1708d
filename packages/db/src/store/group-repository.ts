import type { Group, GroupRepository } from '@roster/core';
import type { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

/** Groups in PostgreSQL; displayName is unique per IAM through a lower-cased key column. */
export function createGroupRepository(db: Db): GroupRepository {
  return {
    async get(id) {
      return isUuid(id) ? db.group.findUnique({ where: { id }, select: GROUP_COLUMNS }) : null;
    },
    getMany: (ids) => db.group.findMany({ where: { id: { in: ids.filter(isUuid) } }, select: GROUP_COLUMNS }),
    findByDisplayName: (iamId, displayName) =>
      db.group.findUnique({ where: { iamId_displayNameKey: { iamId, displayNameKey: displayName.toLowerCase() } }, select: GROUP_COLUMNS }),
    findByExternalId: (iamId, externalId) => db.group.findFirst({ where: { iamId, externalId }, select: GROUP_COLUMNS }),
    async insert(group) {
      await db.group.create({ data: { ...group, displayNameKey: group.displayName.toLowerCase() } });
    },
    async update(group) {
      await db.group.update({ where: { id: group.id }, data: { ...group, displayNameKey: group.displayName.toLowerCase() } });
    },
    async touch(id, at) {
      await db.group.update({ where: { id }, data: { version: { increment: 1 }, updatedAt: at } });
    },
    async delete(id) {
      await db.group.delete({ where: { id } });
    },
  };
}

/** The columns that make a core Group. */
export const GROUP_COLUMNS = {
  id: true,
  iamId: true,
  displayName: true,
  externalId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.GroupSelect;

export type { Group };
