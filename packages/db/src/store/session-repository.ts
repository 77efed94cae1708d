import type { SessionRepository } from '@roster/core';
import type { Db } from '../client/prisma-types.ts';

/** Login sessions in PostgreSQL; only token hashes are stored. */
export function createSessionRepository(db: Db): SessionRepository {
  return {
    findByHash: (tokenHash) => db.session.findUnique({ where: { tokenHash } }),
    async insert(session) {
      await db.session.create({ data: session });
    },
    async update(session) {
      await db.session.update({ where: { id: session.id }, data: session });
    },
    async endAllOf(userId, at) {
      const { count } = await db.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: at } });
      return count;
    },
    async endSsoSessions(iamId, nameId, sessionIndexes, at) {
      const { count } = await db.session.updateMany({
        where: {
          iamId,
          ssoNameId: nameId,
          endedAt: null,
          ...(sessionIndexes.length > 0 ? { ssoSessionIndex: { in: [...sessionIndexes] } } : {}),
        },
        data: { endedAt: at },
      });
      return count;
    },
  };
}
