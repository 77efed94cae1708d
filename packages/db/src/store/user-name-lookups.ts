import { batchWhileBusy, type QueryPage, type UserQuery, type UserResource, type UserResourceInclude } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { readUserResource, resourceJson, type ResourceJson } from './user-resource-query.ts';

const { sql } = Prisma;

/**
 * The userName key a query looks up, when it is exactly a first page of live users matching
 * `userName eq "<value>"` (case-insensitive, as RFC 7643 makes userName); null for any other
 * query. It is what an IdP sends before every create (Okta, Entra), so it is the one query
 * worth a path of its own: at most one live user per IAM holds a userName.
 */
export function userNameLookupKey(query: UserQuery): string | null {
  const { filter } = query;
  if (!filter || filter.kind !== 'compare' || filter.field !== 'userName' || filter.op !== 'eq') return null;
  if (filter.caseExact || typeof filter.value !== 'string') return null;
  if (query.includeDeprovisioned || query.offset !== 0 || query.limit < 1) return null;
  return filter.value.toLowerCase();
}

/**
 * `userName eq` lookups in as few statements as possible: the lookups of one IAM that arrive
 * while a statement of theirs runs go together in the next one, each key an element of one array
 * parameter (one prepared shape, whatever the batch size). No caller is answered from a statement
 * that started before it asked, so a lookup after a create sees the created user. The round trip,
 * not the index probe, is what a lookup costs; at 16 concurrent lookups this is a few statements
 * where there were sixteen.
 */
export function createUserNameLookups(reader: SqlReader) {
  const lookUp = batchWhileBusy<{ iamId: string; key: string; include: UserResourceInclude }, QueryPage<UserResource>>(async (batch) => {
    const { iamId, include } = batch[0]!;
    const keys = [...new Set(batch.map((waiting) => waiting.key))];
    const rows = await reader.query<{ key: string; found: string | null }>(sql`
      SELECT k.key, (SELECT ${resourceJson(include)} FROM "User" u
        WHERE u."iamId" = ${iamId} AND u."deprovisionedAt" IS NULL AND u."userNameKey" = k.key)::text AS found
      FROM unnest(${keys}::text[]) AS k(key)`);
    const found = new Map(rows.map((row) => [row.key, row.found]));
    return batch.map(({ key }) => {
      const json = found.get(key) ?? null;
      return json === null ? { total: 0, items: [] } : { total: 1, items: [readUserResource(JSON.parse(json) as ResourceJson)] };
    });
  });
  // One IAM and one shape per statement.
  return (iamId: string, key: string, include: UserResourceInclude = {}): Promise<QueryPage<UserResource>> =>
    lookUp({ iamId, key, include }, `${include.groupIds ? 'groups' : 'plain'}:${iamId}`);
}
