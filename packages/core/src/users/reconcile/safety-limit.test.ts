import { describe, expect, it } from 'vitest';
import { isRosterError } from '../../errors.ts';
import { assertWithinSafetyLimit, type RetirementPlan } from './safety-limit.ts';

const plan = (changes: Partial<RetirementPlan>): RetirementPlan => ({
  kind: 'users',
  iamId: 'okta',
  missing: 2,
  held: 30,
  seen: 28,
  limitPercent: 10,
  force: false,
  ...changes,
});

function refusal(changes: Partial<RetirementPlan>): string {
  try {
    assertWithinSafetyLimit(plan(changes));
  } catch (error) {
    if (isRosterError(error, 'SAFETY_LIMIT')) return error.message;
    throw error;
  }
  return 'allowed';
}

describe('assertWithinSafetyLimit', () => {
  it('allows a share at or below the limit, and nothing to retire', () => {
    expect(refusal({ missing: 3 })).toBe('allowed');
    expect(refusal({ missing: 0, seen: 0 })).toBe('allowed');
  });

  it('refuses a larger share unless forced', () => {
    expect(refusal({ missing: 7 })).toBe(
      'The run would deactivate 7 of 30 active users (23.3%), more than the limit of 10%; nobody was deactivated. An administrator can force the run.',
    );
    expect(refusal({ kind: 'groups', missing: 2, held: 9 })).toBe(
      'The run would delete 2 of 9 directory groups (22.2%), more than the limit of 10%; no group was deleted and nobody was deactivated. An administrator can force the run.',
    );
    expect(refusal({ missing: 7, force: true })).toBe('allowed');
  });

  it('refuses an empty directory even when forced', () => {
    expect(refusal({ seen: 0, force: true })).toBe(
      'The directory returned no users while Roster holds 30 active users of IAM "okta"; nobody was deactivated. Check the base DN and filters.',
    );
    expect(refusal({ kind: 'groups', seen: 0, held: 4 })).toMatch(
      /^The directory returned no groups while Roster holds 4 directory groups/,
    );
  });
});
