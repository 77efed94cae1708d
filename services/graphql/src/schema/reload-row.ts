import { RosterError } from '@roster/core';
import type { Prisma } from '@roster/db';
import type { GraphqlContext } from '../context.ts';

/**
 * A mutation's result read back as the query selects it. The row can be gone by then (a concurrent
 * delete): that is the domain's not-found error, never Prisma's "no record" escaping as a masked 500.
 */
export async function reloadGroup(ctx: GraphqlContext, query: Pick<Prisma.GroupFindUniqueArgs, 'include' | 'select'>, groupId: string) {
  const group = await ctx.prisma.group.findUnique({ ...query, where: { id: groupId } });
  if (!group) throw new RosterError('GROUP_NOT_FOUND', `No group with id "${groupId}".`, { details: { groupId } });
  return group;
}

/** The sync run as the query selects it, or SYNC_RUN_NOT_FOUND (its IAM was deleted meanwhile). */
export async function reloadSyncRun(ctx: GraphqlContext, query: Pick<Prisma.SyncRunFindUniqueArgs, 'include' | 'select'>, runId: string) {
  const run = await ctx.prisma.syncRun.findUnique({ ...query, where: { id: runId } });
  if (!run) throw syncRunNotFound(runId);
  return run;
}

/** SYNC_RUN_NOT_FOUND for `runId`. */
export function syncRunNotFound(runId: string): RosterError {
  return new RosterError('SYNC_RUN_NOT_FOUND', `No sync run with id "${runId}".`, { details: { syncRunId: runId } });
}
