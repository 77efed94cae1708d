import type { IamSummary, ReadModel, SourceAttributes } from '@roster/core';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { createApiTokenRepository } from './api-token-repository.ts';
import { groupsByIds } from './group-records.ts';
import { countGroups, listGroups, loadGroupRelations } from './group-list-query.ts';
import { loadGroupMemberPages } from './group-members-query.ts';
import { mappingPrismaErrors } from './map-prisma-error.ts';
import { createSyncRunRepository, toSyncRun } from './sync-run-repository.ts';
import { countUsers, listUsers, usersByIds } from './user-list-query.ts';
import { loadUserRelations } from './user-relations-query.ts';
import { createUserNameLookups, userNameLookupKey } from './user-name-lookups.ts';
import { queryUserResources, userResource } from './user-resource-query.ts';
import { isUuid } from './user-repository.ts';

/**
 * core's ReadModel: the lists on the one-statement reads of `reader` (a page of users with its
 * relations is one round trip), the few single rows through Prisma. Every error a read meets is
 * mapped here (STORAGE_UNAVAILABLE for a lost database); none of Prisma's or the driver's leaves.
 */
export function createSqlReadModel(prisma: PrismaClient, reader: SqlReader): ReadModel {
  const apiTokens = createApiTokenRepository(prisma);
  const syncRuns = createSyncRunRepository(prisma);
  const lookUpUserName = createUserNameLookups(reader);
  return {
    queryUserResources(query, include) {
      const key = userNameLookupKey(query);
      return key === null ? queryUserResources(reader, query, include) : lookUpUserName(query.iamId, key, include);
    },
    userResource: (iamId, id, include) => userResource(reader, iamId, id, include),
    listUsers: (page, include) => listUsers(reader, page, include),
    countUsers: (filter) => countUsers(reader, filter),
    usersByIds: (ids) => usersByIds(reader, ids),
    userRelations: (request) => loadUserRelations(reader, request),
    userSourceAttributes: (ids) => userSourceAttributes(reader, ids),
    groupMemberPages: (requests) => loadGroupMemberPages(reader, requests),
    listGroups: (page) => listGroups(reader, page),
    countGroups: (filter) => countGroups(reader, filter),
    groupsByIds: (ids) => groupsByIds(reader, ids),
    groupRelations: (ids) => loadGroupRelations(reader, ids),
    syncRunsByIds: (ids) =>
      mappingPrismaErrors(async () => {
        const wanted = ids.filter(isUuid);
        return wanted.length === 0 ? [] : (await prisma.syncRun.findMany({ where: { id: { in: wanted } } })).map(toSyncRun);
      }),
    listSyncRuns: (iamId, limit) => mappingPrismaErrors(() => syncRuns.list(iamId, limit)),
    iamSummaries: (ids) => iamSummaries(reader, ids),
    apiToken: (id) => mappingPrismaErrors(() => apiTokens.get(id)),
  };
}

/** What the IdPs last sent for these users, by id (one statement; only administrators ask, and it can be large). */
async function userSourceAttributes(reader: SqlReader, ids: readonly string[]): Promise<Map<string, SourceAttributes>> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return new Map();
  const { rows } = await reader.one<{ rows: string | null }>(
    Prisma.sql`SELECT json_agg(json_build_array(u.id, u."sourceAttributes"))::text AS rows FROM "User" u WHERE u.id = ANY(${wanted}::uuid[])`,
  );
  return new Map(JSON.parse(rows ?? '[]') as [string, SourceAttributes][]);
}

/** How many users each IAM has and its latest sync run, in one statement (counted on the (iamId, …) indexes). */
async function iamSummaries(reader: SqlReader, ids: readonly string[]): Promise<Map<string, IamSummary>> {
  const summaries = new Map<string, IamSummary>(ids.map((id) => [id, { userCount: 0, lastSyncRunId: null }]));
  if (ids.length === 0) return summaries;
  const answer = await reader.one<{ counts: string | null; runs: string | null }>(Prisma.sql`
    SELECT
      (SELECT json_agg(json_build_array(c."iamId", c.n)) FROM
         (SELECT u."iamId", count(*)::int AS n FROM "User" u WHERE u."iamId" = ANY(${ids}::text[]) GROUP BY u."iamId") c)::text AS counts,
      (SELECT json_agg(json_build_array(r."iamId", r.id)) FROM
         (SELECT DISTINCT ON (s."iamId") s."iamId", s.id FROM "SyncRun" s WHERE s."iamId" = ANY(${ids}::text[])
           ORDER BY s."iamId", s."startedAt" DESC) r)::text AS runs`);
  for (const [iamId, userCount] of JSON.parse(answer.counts ?? '[]') as [string, number][])
    summaries.set(iamId, { ...summaries.get(iamId)!, userCount });
  for (const [iamId, lastSyncRunId] of JSON.parse(answer.runs ?? '[]') as [string, string][])
    summaries.set(iamId, { ...summaries.get(iamId)!, lastSyncRunId });
  return summaries;
}
