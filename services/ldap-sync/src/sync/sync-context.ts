import type { Group, Iam, LdapConfig, Roster, SyncCounts, SyncMode, SyncRun } from '@roster/core';
import type { Directory } from '../ldap/ldap-directory.ts';
import type { PendingMembers } from './pending-members.ts';

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
  /** Delta runs: only entries changed at or after this instant (modifyTimestamp)... */
  readonly since: Date | null;
  /** ...or, on Active Directory, with uSNChanged at or above this (the last run's highest + 1). */
  readonly sinceUsn: bigint | null;
  /** The highest uSNChanged seen so far (delta runs start from the last run's). */
  highestUsn: bigint | null;
  readonly force: boolean;
  readonly counts: Counts;
  /** Roster user ids seen in this run (full runs decide deactivation from it). */
  readonly seenUserIds: Set<string>;
  /** Roster group ids seen in this run's group enumeration (full runs decide deletion from it). */
  readonly seenGroupIds: Set<string>;
  /**
   * The group entries' member references (member, uniqueMember, memberUid models; null for
   * memberOf or without group sync), resolved to user ids as the users are synced.
   */
  readonly pendingMembers: PendingMembers | null;
  /** Normalized group DN -> Roster group id. */
  readonly groupIdByDn: Map<string, string>;
  /** The IAM's directory groups by externalId, read at the first group page. */
  storedGroups?: ReadonlyMap<string, Group>;
  /** Entries read so far, pages read so far. */
  progress: { entries: number; pages: number };
  readonly signal: AbortSignal;
  readonly onProgress: (run: SyncRun, progress: { readonly entries: number; readonly pages: number; readonly phase: string }) => void;
}

/** The delta condition of a run (RFC 4515): by uSNChanged on AD, else by modifyTimestamp. */
function changedFilter(since: Date | null, sinceUsn: bigint | null): string | undefined {
  if (sinceUsn !== null) return `(uSNChanged>=${sinceUsn})`;
  return since ? `(modifyTimestamp>=${generalizedTime(since)})` : undefined;
}

/** The combined user filter of a run: IAM filter, sync filter, and the delta condition (RFC 4515). */
export function userSearchFilter(config: LdapConfig, since: Date | null, sinceUsn: bigint | null = null): string {
  const parts = [config.userFilter, config.sync.userFilter, changedFilter(since, sinceUsn)].filter(Boolean);
  return parts.length === 1 ? parts[0]! : `(&${parts.join('')})`;
}

/** The group filter of a run: every group, every run (so memberOf DNs resolve and deletions show). */
export function groupSearchFilter(config: LdapConfig): string {
  return config.groupFilter;
}

/** Whether an entry changed since the run's delta start (always true in full runs). */
export function changedSince(ctx: SyncContext, attributes: Readonly<Record<string, string[]>>): boolean {
  if (ctx.sinceUsn !== null) {
    const usn = readUsn(attributes);
    return usn === null || usn >= ctx.sinceUsn;
  }
  const stamp = attributeValue(attributes, 'modifyTimestamp');
  return !ctx.since || !stamp || stamp >= generalizedTime(ctx.since);
}

/** Remembers the highest uSNChanged of the entries a run reads (Active Directory's change counter). */
export function noteUsn(ctx: SyncContext, attributes: Readonly<Record<string, string[]>>): void {
  const usn = readUsn(attributes);
  if (usn !== null && (ctx.highestUsn === null || usn > ctx.highestUsn)) ctx.highestUsn = usn;
}

function readUsn(attributes: Readonly<Record<string, string[]>>): bigint | null {
  const text = attributeValue(attributes, 'uSNChanged');
  return text && /^\d+$/.test(text) ? BigInt(text) : null;
}

/**
 * An attribute's values, its name compared case-insensitively (LDAP attribute descriptions are,
 * RFC 4512 §2.5). The exact spelling is tried first: it is the usual case, and costs no string.
 */
export function attributeValues(attributes: Readonly<Record<string, string[]>>, name: string): readonly string[] {
  if (Object.hasOwn(attributes, name)) return attributes[name]!;
  const lower = name.toLowerCase();
  for (const key in attributes) if (key.length === name.length && key.toLowerCase() === lower) return attributes[key]!;
  return [];
}

/** The first value of an attribute, its name compared case-insensitively. */
export function attributeValue(attributes: Readonly<Record<string, string[]>>, name: string): string | undefined {
  return attributeValues(attributes, name)[0];
}

/** RFC 4517 §3.3.13 GeneralizedTime in UTC, to the second. */
export function generalizedTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/** Stops a run the worker was asked to stop. */
export function throwIfAborted(ctx: SyncContext): void {
  if (ctx.signal.aborted) throw new Error('Stopped: the sync worker shut down during the run.');
}
