import type { Roster, SyncRun } from '@roster/core';
import { connectDirectory, type Directory } from '../ldap/ldap-directory.ts';
import { describeFailure } from './describe-failure.ts';
import { PendingMembers } from './pending-members.ts';
import { walkDirectory } from './walk-directory.ts';
import type { Counts, SyncContext } from './sync-context.ts';

/** Options of one run. */
export interface RunSyncOptions {
  /** Deactivate beyond the IAM's safety share (an administrator's explicit decision). */
  readonly force: boolean;
  /** Delta runs: entries changed at or after this instant; null reads everything. */
  readonly since: Date | null;
  /** Delta runs on Active Directory: entries with uSNChanged at or above this (takes precedence over `since`). */
  readonly sinceUsn: bigint | null;
  readonly signal: AbortSignal;
  readonly connectTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly onProgress: SyncContext['onProgress'];
}

/**
 * Carries out a started sync run to its end: connects and binds, walks groups and users page by
 * page, applies memberships, then (full runs only, after a complete enumeration) deactivates the
 * users that are gone. Never throws: a failure ends the run as FAILED with a clear reason, and
 * nothing is deactivated by a run that failed before its deactivation step. Every write of the
 * run, its end included, carries the run as origin (SYNC); its start was written by whoever
 * started it, before the run had an id.
 */
export function runSync(roster: Roster, run: SyncRun, options: RunSyncOptions): Promise<SyncRun> {
  return roster.withOrigin({ kind: 'SYNC', iamId: run.iamId, syncRunId: run.id }, () => carryOut(roster, run, options));
}

async function carryOut(roster: Roster, run: SyncRun, options: RunSyncOptions): Promise<SyncRun> {
  let directory: Directory | null = null;
  const counts: Counts = { ...run.counts };
  const delta = run.mode === 'DELTA';
  try {
    const iam = await roster.read((repos) => repos.iams.get(run.iamId));
    if (!iam || iam.type !== 'LDAP') throw new Error(`IAM "${run.iamId}" is no longer an LDAP IAM.`);
    const { config } = iam;
    if (!config.url || !config.userBaseDn) throw new Error(`IAM "${iam.id}" has no directory URL or user base DN configured.`);
    directory = await connectDirectory({
      url: config.url,
      startTls: config.startTls,
      caCertificate: config.caCertificate,
      tlsVerify: config.tlsVerify,
      bindDn: config.bindDn,
      bindPassword: await roster.openIamSecret(iam, 'bindPassword'),
      connectTimeoutMs: options.connectTimeoutMs,
      operationTimeoutMs: options.operationTimeoutMs,
    });
    const ctx: SyncContext = {
      roster,
      directory,
      iam,
      config,
      run,
      mode: run.mode,
      force: options.force,
      counts,
      since: delta ? options.since : null,
      sinceUsn: delta ? options.sinceUsn : null,
      // A delta run that sees no change keeps the previous high-water mark.
      highestUsn: delta && options.sinceUsn !== null ? options.sinceUsn - 1n : null,
      seenUserIds: new Set(),
      seenGroupIds: new Set(),
      groupIdByDn: new Map(),
      pendingMembers: iam.settings.syncGroups && config.groupBaseDn && config.membership !== 'memberOf' ? new PendingMembers() : null,
      progress: { entries: 0, pages: 0 },
      signal: options.signal,
      onProgress: options.onProgress,
    };
    await walkDirectory(ctx);
    if (ctx.highestUsn !== null) counts.highestUsnChanged = ctx.highestUsn.toString();
    return await roster.finishSyncRun(run.id, { ...counts });
  } catch (error) {
    return roster.failSyncRun(run.id, describeFailure(error), { ...counts });
  } finally {
    await directory?.close();
  }
}
