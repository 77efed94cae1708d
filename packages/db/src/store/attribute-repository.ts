import type { AttributeMap, AttributeRepository } from '@roster/core';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

interface AttributeRow {
  readonly name: string;
  readonly values: string[];
}

/** The table-specific calls an attribute repository needs; users and groups differ only here. */
interface AttributeTable {
  findMany(ownerIds: string[]): Promise<(AttributeRow & { ownerId: string })[]>;
  deleteAll(ownerId: string): Promise<unknown>;
  createMany(ownerId: string, rows: AttributeRow[]): Promise<unknown>;
  createForOwners(rows: (AttributeRow & { ownerId: string })[]): Promise<unknown>;
}

/** Attributes of users: one row per `prefix.key` with its values. */
export function createUserAttributeRepository(db: Db): AttributeRepository {
  return createAttributeRepository({
    findMany: async (ids) =>
      (await db.userAttribute.findMany({ where: { userId: { in: ids } }, orderBy: { name: 'asc' } })).map((row) => ({
        ...row,
        ownerId: row.userId,
      })),
    deleteAll: (userId) => db.userAttribute.deleteMany({ where: { userId } }),
    createMany: (userId, rows) => db.userAttribute.createMany({ data: rows.map((row) => ({ ...row, userId })) }),
    createForOwners: (rows) => db.userAttribute.createMany({ data: rows.map(({ ownerId, ...row }) => ({ ...row, userId: ownerId })) }),
  });
}

/** Attributes of groups: one row per `prefix.key` with its values. */
export function createGroupAttributeRepository(db: Db): AttributeRepository {
  return createAttributeRepository({
    findMany: async (ids) =>
      (await db.groupAttribute.findMany({ where: { groupId: { in: ids } }, orderBy: { name: 'asc' } })).map((row) => ({
        ...row,
        ownerId: row.groupId,
      })),
    deleteAll: (groupId) => db.groupAttribute.deleteMany({ where: { groupId } }),
    createMany: (groupId, rows) => db.groupAttribute.createMany({ data: rows.map((row) => ({ ...row, groupId })) }),
    createForOwners: (rows) => db.groupAttribute.createMany({ data: rows.map(({ ownerId, ...row }) => ({ ...row, groupId: ownerId })) }),
  });
}

function createAttributeRepository(table: AttributeTable): AttributeRepository {
  const getMany = async (ownerIds: readonly string[]): Promise<Map<string, AttributeMap>> => {
    const result = new Map<string, Record<string, string[]>>(ownerIds.map((id) => [id, {}]));
    for (const row of await table.findMany(ownerIds.filter(isUuid))) {
      const owner = result.get(row.ownerId);
      if (owner) owner[row.name] = row.values;
    }
    return result;
  };
  return {
    get: async (ownerId) => (await getMany([ownerId])).get(ownerId) ?? {},
    getMany,
    async replace(ownerId, attributes) {
      await table.deleteAll(ownerId);
      const rows = Object.entries(attributes).map(([name, values]) => ({ name, values: [...values] }));
      if (rows.length > 0) await table.createMany(ownerId, rows);
    },
    async insertMany(attributesByOwner) {
      const rows = [...attributesByOwner].flatMap(([ownerId, attributes]) =>
        Object.entries(attributes).map(([name, values]) => ({ ownerId, name, values: [...values] })),
      );
      if (rows.length > 0) await table.createForOwners(rows);
    },
  };
}
