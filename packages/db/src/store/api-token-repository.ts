import type { ApiToken, ApiTokenRepository, Permission } from '@roster/core';
import type { ApiToken as ApiTokenRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

/** The transaction-scoped advisory lock key of bootstrap token issuing (any constant not used elsewhere). */
const BOOTSTRAP_LOCK = 5_274_180_114;

/** API tokens in PostgreSQL; only hashes are stored. */
export function createApiTokenRepository(db: Db): ApiTokenRepository {
  return {
    async findByHash(tokenHash) {
      const row = await db.apiToken.findUnique({ where: { tokenHash } });
      return row && toApiToken(row);
    },
    list: async () => (await db.apiToken.findMany({ orderBy: { createdAt: 'asc' } })).map(toApiToken),
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await db.apiToken.findUnique({ where: { id } });
      return row && toApiToken(row);
    },
    async insert(token) {
      await db.apiToken.create({ data: { ...token, permissions: [...token.permissions] } });
    },
    async update(token) {
      await db.apiToken.update({ where: { id: token.id }, data: { ...token, permissions: [...token.permissions] } });
    },
    async lockBootstrap() {
      // Released at commit or rollback, so it never outlives the transaction on a pooled connection.
      await db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    },
  };
}

function toApiToken(row: ApiTokenRow): ApiToken {
  return { ...row, permissions: row.permissions as Permission[] };
}
