import { formatSyncFailure, type SyncFailure, type SyncRun, type SyncRunRepository } from '@roster/core';
import type { Prisma, SyncRun as SyncRunRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { parseStoredJson, syncCountsJson } from './stored-json.ts';
import { isUuid } from './user-repository.ts';

/** Sync runs in PostgreSQL; a failure is stored as its code and its message, in two columns. */
export function createSyncRunRepository(db: Db): SyncRunRepository {
  return {
    async get(id) {
      if (!isUuid(id)) return null;
      const row = await db.syncRun.findUnique({ where: { id } });
      return row && toSyncRun(row);
    },
    async findRunning(iamId) {
      const row = await db.syncRun.findFirst({ where: { iamId, status: 'RUNNING' } });
      return row && toSyncRun(row);
    },
    listRunning: async () => (await db.syncRun.findMany({ where: { status: 'RUNNING' } })).map(toSyncRun),
    list: async (iamId, limit) =>
      (await db.syncRun.findMany({ where: { iamId }, orderBy: { startedAt: 'desc' }, take: limit })).map(toSyncRun),
    async insert(run) {
      await db.syncRun.create({ data: toRow(run) });
    },
    async update(run) {
      await db.syncRun.update({ where: { id: run.id }, data: toRow(run) });
    },
  };
}

function toRow(run: SyncRun): Prisma.SyncRunUncheckedCreateInput {
  const { failure, error, counts, ...rest } = run;
  // A run built without `failure` (by hand) keeps its one-line reason as the message.
  const stored: SyncFailure | null = failure ?? (error === null ? null : { code: null, message: error });
  return { ...rest, counts: { ...counts }, errorCode: stored?.code ?? null, error: stored?.message ?? null };
}

/** A sync run from its row. */
export function toSyncRun(row: SyncRunRow): SyncRun {
  const { errorCode, error, counts, ...rest } = row;
  const failure: SyncFailure | null = error === null ? null : { code: errorCode, message: error };
  return {
    ...rest,
    counts: parseStoredJson(syncCountsJson, counts, `SyncRun ${row.id}.counts`),
    error: failure && formatSyncFailure(failure),
    failure,
  };
}
