import type { PendingSamlRequest, SamlStateRepository } from '@roster/core';
import type { Db } from '../client/prisma-types.ts';

/** SAML one-time state in PostgreSQL: pending requests (consumed once) and accepted assertion IDs. */
export function createSamlStateRepository(db: Db): SamlStateRepository {
  return {
    async saveRequest(request) {
      await db.samlRequest.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      await db.samlRequest.create({ data: { ...request } });
    },
    async takeRequest(iamId, id, now) {
      // DELETE ... RETURNING: two concurrent answers to one request cannot both take it.
      const rows = await db.$queryRaw<(Omit<PendingSamlRequest, 'kind'> & { kind: string })[]>`
        DELETE FROM "SamlRequest" WHERE id = ${id} AND "iamId" = ${iamId}
        RETURNING id, "iamId", kind, "relayState", "expiresAt"`;
      const row = rows[0];
      if (!row || row.expiresAt <= now) return null;
      return { ...row, kind: row.kind as PendingSamlRequest['kind'] };
    },
    async rememberAssertion(iamId, assertionId, expiresAt, now) {
      await db.samlAssertion.deleteMany({ where: { expiresAt: { lt: now } } });
      const inserted = await db.$executeRaw`
        INSERT INTO "SamlAssertion" ("iamId", "assertionId", "expiresAt") VALUES (${iamId}, ${assertionId}, ${expiresAt})
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
  };
}
