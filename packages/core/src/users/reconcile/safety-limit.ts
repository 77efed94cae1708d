import { RosterError } from '../../errors.ts';

/** What a directory sync is about to retire: deactivate missing users, or delete missing groups. */
export type RetiredKind = 'users' | 'groups';

/** A planned retirement after a complete full enumeration, and the IAM's limit on it. */
export interface RetirementPlan {
  readonly kind: RetiredKind;
  readonly iamId: string;
  /** How many the run would retire (Roster holds them, the directory no longer returned them). */
  readonly missing: number;
  /** How many Roster holds: the IAM's active users, or its directory groups. */
  readonly held: number;
  /** How many the directory returned (zero while Roster holds some: a broken base DN or filter). */
  readonly seen: number;
  /** The IAM's `sync.deactivationLimitPercent`. */
  readonly limitPercent: number;
  /** An administrator forced the run past the share limit. */
  readonly force: boolean;
}

const WORDS: Readonly<Record<RetiredKind, { verb: string; noun: string; outcome: string; empty: (plan: RetirementPlan) => string }>> = {
  users: {
    verb: 'deactivate',
    noun: 'active users',
    outcome: 'nobody was deactivated',
    empty: (plan) =>
      `The directory returned no users while Roster holds ${plan.held} active users of IAM "${plan.iamId}"; nobody was deactivated. Check the base DN and filters.`,
  },
  groups: {
    verb: 'delete',
    noun: 'directory groups',
    outcome: 'no group was deleted and nobody was deactivated',
    empty: (plan) =>
      `The directory returned no groups while Roster holds ${plan.held} directory groups of IAM "${plan.iamId}"; no group was deleted and nobody was deactivated. Check the group base DN and filter.`,
  },
};

/**
 * The deactivation safety rule of directory syncs: refuses (SAFETY_LIMIT) a run whose directory
 * returned nothing while Roster holds some, even when forced, and one that would retire a larger
 * share than the IAM's limit unless an administrator forced it. Nothing retires otherwise.
 */
export function assertWithinSafetyLimit(plan: RetirementPlan): void {
  if (plan.missing === 0) return;
  const words = WORDS[plan.kind];
  const details = { iamId: plan.iamId, kind: plan.kind, missing: plan.missing, held: plan.held, limitPercent: plan.limitPercent };
  if (plan.seen === 0) throw new RosterError('SAFETY_LIMIT', words.empty(plan), { details });
  const share = (plan.missing / plan.held) * 100;
  if (share > plan.limitPercent && !plan.force) {
    throw new RosterError(
      'SAFETY_LIMIT',
      `The run would ${words.verb} ${plan.missing} of ${plan.held} ${words.noun} (${share.toFixed(1)}%), more than the limit of ${plan.limitPercent}%; ${words.outcome}. An administrator can force the run.`,
      { details },
    );
  }
}
