import type { Iam, LdapConfig, Roster, SyncCounts, SyncMode, SyncRun } from '@roster/core';
import type { Directory } from '../ldap/ldap-directory.ts';

/** Mutable counters of a run in progress. */
export type Counts = { -readonly [K in keyof SyncCounts]: SyncCounts[K] };

/** What one run knows while it walks the directory. */
export interface SyncContext {
  readonly roster: Roster;
  readonly directory: Directory;
  readonly iam: Iam & { readonly type: 'LDAP' };
  readonly config: LdapConfig;
  readonly run: SyncRun;
  readonly mode: SyncMode;
  /** Delta runs: only entries changed at or after this instant. */
  readonly since: Date | null;
  readonly force: boolean;
  readonly counts: Counts;
  /** Roster user ids seen in this run (full runs decide deactivation from it). */
  readonly seenUserIds: Set<string>;
  /** Normalized user DN -> Roster user id; user name (lower case) -> id. */
  readonly userIdByDn: Map<string, string>;
  readonly userIdByName: Map<string, string>;
  /** Normalized group DN -> Roster group id. */
  readonly groupIdByDn: Map<string, string>;
  /** Entries read so far, pages read so far. */
  progress: { entries: number; pages: number };
  readonly signal: AbortSignal;
  readonly onProgress: (run: SyncRun, progress: { readonly entries: number; readonly pages: number; readonly phase: string }) => void;
}

/** The combined user filter of a run: IAM filter, sync filter, and the delta condition (RFC 4515). */
export function userSearchFilter(config: LdapConfig, since: Date | null): string {
  const parts = [config.userFilter, config.sync.userFilter, since ? `(modifyTimestamp>=${generalizedTime(since)})` : undefined].filter(Boolean);
  return parts.length === 1 ? parts[0]! : `(&${parts.join('')})`;
}

/** The group filter of a run. */
export function groupSearchFilter(config: LdapConfig, since: Date | null): string {
  return since ? `(&${config.groupFilter}(modifyTimestamp>=${generalizedTime(since)}))` : config.groupFilter;
}

/** RFC 4517 §3.3.13 GeneralizedTime in UTC, to the second. */
export function generalizedTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/** Stops a run the worker was asked to stop. */
export function throwIfAborted(ctx: SyncContext): void {
  if (ctx.signal.aborted) throw new Error('Stopped: the sync worker shut down during the run.');
}
