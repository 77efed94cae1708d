import type { Iam, IamRepository } from '@roster/core';
import { Prisma, type Iam as IamRecord } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { iamConfigJson, iamSettingsJson, parseStoredJson } from './stored-json.ts';

/** The columns an IAM is made of (listed, so a prepared statement survives a migration that adds one). */
type IamRow = Pick<
  IamRecord,
  'id' | 'displayName' | 'type' | 'enabled' | 'config' | 'settings' | 'scimEnabled' | 'scimTokenHash' | 'createdAt' | 'updatedAt'
>;
const IAM_COLUMNS = Prisma.raw(
  'id, "displayName", type, enabled, config, settings, "scimEnabled", "scimTokenHash", "createdAt", "updatedAt"',
);

/**
 * IAMs in PostgreSQL: configuration and settings as JSON, validated by core before writing.
 * Outside transactions, `get` runs on the driver reader when there is one: every SCIM request
 * authenticates by reading its IAM, and Prisma's query path was an eighth of a SCIM server's CPU.
 */
export function createIamRepository(db: Db, reader?: SqlReader): IamRepository {
  return {
    async get(id) {
      if (reader) {
        const [row] = await reader.query<IamRow>(Prisma.sql`SELECT ${IAM_COLUMNS} FROM "Iam" WHERE id = ${id}`);
        return row ? toIam(row) : null;
      }
      const row = await db.iam.findUnique({ where: { id } });
      return row && toIam(row);
    },
    async lock(id) {
      // SELECT ... FOR UPDATE: held until the transaction ends.
      const rows = await db.$queryRaw<IamRow[]>`SELECT ${IAM_COLUMNS} FROM "Iam" WHERE id = ${id} FOR UPDATE`;
      return rows[0] ? toIam(rows[0]) : null;
    },
    list: async () => (await db.iam.findMany({ orderBy: { createdAt: 'asc' } })).map(toIam),
    async idsLike(base) {
      const rows = await db.iam.findMany({ where: { OR: [{ id: base }, { id: { startsWith: `${base}-` } }] }, select: { id: true } });
      return rows.map((row) => row.id);
    },
    async insert(iam) {
      await db.iam.create({ data: { ...toColumns(iam), id: iam.id, type: iam.type, createdAt: iam.createdAt } });
    },
    async update(iam) {
      await db.iam.update({ where: { id: iam.id }, data: toColumns(iam) });
    },
    async delete(id) {
      await db.group.deleteMany({ where: { iamId: id } });
      await db.iam.delete({ where: { id } });
    },
    async recordExternalLookup(id, status) {
      // Raw, so the IAM's updatedAt (its configuration's) does not move.
      await db.$executeRaw`UPDATE "Iam" SET "externalLookupAt" = ${status.at}, "externalLookupError" = ${status.error} WHERE id = ${id}`;
    },
    async externalLookupStatus(id) {
      const row = await db.iam.findUnique({ where: { id }, select: { externalLookupAt: true, externalLookupError: true } });
      return row?.externalLookupAt ? { at: row.externalLookupAt, error: row.externalLookupError } : null;
    },
  };
}

function toColumns(iam: Iam) {
  return {
    displayName: iam.displayName,
    enabled: iam.enabled,
    config: iam.config,
    settings: iam.settings,
    scimEnabled: iam.scim.enabled,
    scimTokenHash: iam.scim.tokenHash,
    updatedAt: iam.updatedAt,
  };
}

function toIam(row: IamRow): Iam {
  const base = {
    id: row.id,
    displayName: row.displayName,
    enabled: row.enabled,
    settings: parseStoredJson(iamSettingsJson, row.settings, `Iam ${row.id}.settings`),
    scim: { enabled: row.scimEnabled, tokenHash: row.scimTokenHash },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  const where = `Iam ${row.id}.config`;
  switch (row.type) {
    case 'BUILTIN':
      return { ...base, type: row.type, config: parseStoredJson(iamConfigJson.BUILTIN, row.config, where) };
    case 'LDAP':
      return { ...base, type: row.type, config: parseStoredJson(iamConfigJson.LDAP, row.config, where) };
    case 'SAML':
      return { ...base, type: row.type, config: parseStoredJson(iamConfigJson.SAML, row.config, where) };
    case 'OIDC':
      return { ...base, type: row.type, config: parseStoredJson(iamConfigJson.OIDC, row.config, where) };
  }
}
