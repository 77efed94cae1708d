import type { SyncCounts, SyncMode, SyncRun, SyncRunRepository, SyncStatus, SyncTrigger } from '@roster/core';
import type { SyncRun as SyncRunRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { isUuid } from './user-repository.ts';

/** Sync runs in PostgreSQL. */
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
      await db.syncRun.create({ data: { ...run, counts: { ...run.counts } } });
    },
    async update(run) {
      await db.syncRun.update({ where: { id: run.id }, data: { ...run, counts: { ...run.counts } } });
    },
  };
}

/** A sync run from its row. */
export function toSyncRun(row: SyncRunRow): SyncRun {
  return {
    ...row,
    mode: row.mode as SyncMode,
    trigger: row.trigger as SyncTrigger,
    status: row.status as SyncStatus,
    counts: row.counts as unknown as SyncCounts,
  };
}
