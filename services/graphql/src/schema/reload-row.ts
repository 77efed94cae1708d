import { RosterError, type Group, type SyncRun } from '@roster/core';
import type { GraphqlContext } from '../context.ts';

/**
 * A mutation's result read back. The row can be gone by then (a concurrent delete): that is the
 * domain's not-found error, never a masked 500.
 */
export async function reloadGroup(ctx: GraphqlContext, groupId: string): Promise<Group> {
  const group = await ctx.loaders.group.load(groupId);
  if (!group) throw new RosterError('GROUP_NOT_FOUND', `No group with id "${groupId}".`, { details: { groupId } });
  return group;
}

/** The sync run as it is now, or SYNC_RUN_NOT_FOUND (its IAM was deleted meanwhile). */
export async function reloadSyncRun(ctx: GraphqlContext, runId: string): Promise<SyncRun> {
  const run = await ctx.loaders.syncRun.load(runId);
  if (!run) throw syncRunNotFound(runId);
  return run;
}

/** SYNC_RUN_NOT_FOUND for `runId`. */
export function syncRunNotFound(runId: string): RosterError {
  return new RosterError('SYNC_RUN_NOT_FOUND', `No sync run with id "${runId}".`, { details: { syncRunId: runId } });
}
