import { z } from 'zod';
import type { SyncCounts, SyncRun } from '@roster/core';
import { builder } from '../builder.ts';
import type { GraphqlContext } from '../context.ts';
import { streamEvents } from '../event-stream.ts';
import { IamRef } from './iam.ts';
import { reloadSyncRun, syncRunNotFound } from './reload-row.ts';

const SyncCountsRef = builder.objectRef<SyncCounts>('SyncCounts').implement({
  fields: (t) => ({
    usersCreated: t.exposeInt('usersCreated'),
    usersUpdated: t.exposeInt('usersUpdated'),
    usersDeactivated: t.exposeInt('usersDeactivated'),
    usersReactivated: t.exposeInt('usersReactivated'),
    usersUnchanged: t.exposeInt('usersUnchanged'),
    groupsCreated: t.exposeInt('groupsCreated'),
    groupsUpdated: t.exposeInt('groupsUpdated'),
    groupsDeleted: t.exposeInt('groupsDeleted'),
    groupsUnchanged: t.exposeInt('groupsUnchanged'),
  }),
});
const SyncStatusEnum = builder.enumType('SyncRunStatus', { values: ['RUNNING', 'SUCCEEDED', 'FAILED'] as const });
export const SyncModeEnum = builder.enumType('SyncMode', { values: ['FULL', 'DELTA'] as const });
const SyncTriggerEnum = builder.enumType('SyncTrigger', { values: ['SCHEDULE', 'MANUAL', 'API'] as const });

/** One run of a directory sync. */
export const SyncRunNode = builder.node(builder.objectRef<SyncRun>('SyncRun'), {
  id: { resolve: (run) => run.id },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.syncRun.load(id)),
  authScopes: { read: true },
  fields: (t) => ({
    iam: t.field({ type: IamRef, resolve: (run, _args, ctx) => ctx.loaders.iam.load(run.iamId) }),
    mode: t.field({ type: SyncModeEnum, resolve: (run) => run.mode }),
    trigger: t.field({ type: SyncTriggerEnum, resolve: (run) => run.trigger }),
    status: t.field({ type: SyncStatusEnum, resolve: (run) => run.status }),
    counts: t.field({ type: SyncCountsRef, resolve: (run) => run.counts }),
    // Stored as code and message apart; shown as one line, `CODE: message`, as before.
    error: t.exposeString('error', { nullable: true }),
    errorCode: t.string({
      nullable: true,
      description: 'Why a FAILED run failed, as a stable code (CONNECTION_FAILED, SAFETY_LIMIT, ...); null when the failure had none.',
      resolve: (run) => run.failure?.code ?? null,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.objectField(IamRef, 'lastSyncRun', (t) =>
  t.field({
    type: SyncRunNode,
    nullable: true,
    description: 'The most recently started sync run (null: never synced).',
    resolve: async (iam, _args, ctx) => {
      const { lastSyncRunId } = await ctx.loaders.iamSummary.load(iam.id);
      return lastSyncRunId === null ? null : ctx.loaders.syncRun.load(lastSyncRunId);
    },
  }),
);

builder.queryFields((t) => ({
  syncRuns: t.field({
    type: [SyncRunNode],
    authScopes: { read: true },
    description: "The IAM's sync runs, newest first.",
    args: { iamId: t.arg.string({ required: true }), first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(100) }) },
    resolve: (_root, args, ctx) => ctx.roster.readModel.listSyncRuns(args.iamId, args.first ?? 20),
  }),
}));

builder.subscriptionFields((t) => ({
  syncRun: t.field({
    type: SyncRunNode,
    authScopes: { read: true },
    description: 'The run now, then after every change (progress at least once per page), until it ends.',
    args: { id: t.arg.globalID({ required: true }) },
    subscribe: (_root, { id }, ctx) => followRun(ctx, id.id),
    resolve: (runId: string, _args, ctx) => reloadSyncRun(ctx, runId),
  }),
}));

async function* followRun(ctx: GraphqlContext, runId: string): AsyncGenerator<string> {
  const mark = await ctx.roster.events.lastSeq();
  const run = await ctx.roster.read((repos) => repos.syncRuns.get(runId));
  if (!run) throw syncRunNotFound(runId);
  yield runId;
  if (run.status !== 'RUNNING') return;
  for await (const event of streamEvents(ctx.hub, {
    after: mark,
    iamId: run.iamId,
    types: ['SYNC_RUN_PROGRESS', 'SYNC_RUN_FINISHED', 'SYNC_RUN_FAILED'],
  })) {
    if (event.subjectId !== runId) continue;
    yield runId;
    if (event.type !== 'SYNC_RUN_PROGRESS') return;
  }
}
