import type { WebhookDelivery, WebhookEndpoint, WebhookRepository } from '@roster/core';
import type { WebhookDelivery as DeliveryRow, WebhookEndpoint as EndpointRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

/** Webhook endpoints and their tries, in PostgreSQL; secrets arrive sealed. */
export function createWebhookRepository(db: Db): WebhookRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await db.webhookEndpoint.findUnique({ where: { id } });
      return row && toWebhookEndpoint(row);
    },
    list: async () => (await db.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(toWebhookEndpoint),
    async insert(endpoint) {
      await db.webhookEndpoint.create({
        data: { ...endpoint, types: [...endpoint.types], excludeOrigins: [...endpoint.excludeOrigins], cursor: BigInt(endpoint.cursor) },
      });
    },
    async update(id, changes) {
      const { types, excludeOrigins, cursor, ...rest } = changes;
      await db.webhookEndpoint.update({
        where: { id },
        data: {
          ...rest,
          ...(types ? { types: [...types] } : {}),
          ...(excludeOrigins ? { excludeOrigins: [...excludeOrigins] } : {}),
          ...(cursor === undefined ? {} : { cursor: BigInt(cursor) }),
          // A replay or a disable ends the lease, so a delivery running meanwhile cannot move the cursor back over it.
          ...(cursor !== undefined || rest.enabled === false ? { leaseOwner: null, leaseUntil: null } : {}),
        },
      });
    },
    async delete(id) {
      await db.webhookEndpoint.delete({ where: { id } });
    },
    async deliveries(endpointId, { before, limit }) {
      if (!isUuid(endpointId)) return [];
      const rows = await db.webhookDelivery.findMany({
        where: {
          endpointId,
          ...(before
            ? { OR: [{ attemptedAt: { lt: before.attemptedAt } }, { attemptedAt: before.attemptedAt, id: { lt: before.id } }] }
            : {}),
        },
        orderBy: [{ attemptedAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map(toWebhookDelivery);
    },
  };
}

/** An endpoint from its row (the lease columns stay in the database). */
export function toWebhookEndpoint(row: EndpointRow): WebhookEndpoint {
  const { leaseOwner: _owner, leaseUntil: _until, cursor, types, ...rest } = row;
  return { ...rest, types, cursor: Number(cursor) };
}

function toWebhookDelivery(row: DeliveryRow): WebhookDelivery {
  return { ...row, eventSeq: row.eventSeq === null ? null : Number(row.eventSeq) };
}
