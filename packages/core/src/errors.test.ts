import { describe, expect, expectTypeOf, it } from 'vitest';
import { isRosterError, RosterError } from './errors.ts';

describe('RosterError', () => {
  it('carries details typed by its code, narrowed by isRosterError', () => {
    const error: unknown = new RosterError('USER_NAME_TAKEN', 'taken', {
      details: { iamId: 'okta', userName: 'ann', existingUserId: 'u1' },
    });
    expect(isRosterError(error, 'USER_NAME_TAKEN')).toBe(true);
    if (!isRosterError(error, 'USER_NAME_TAKEN', 'GROUP_NAME_TAKEN')) return;
    if (error.code === 'USER_NAME_TAKEN') {
      expectTypeOf(error.details.existingUserId).toEqualTypeOf<string | null | undefined>();
      expect(error.details.existingUserId).toBe('u1');
    } else {
      expectTypeOf(error.details.existingGroupId).toEqualTypeOf<string | null | undefined>();
    }
  });

  it('requires the details a code cannot do without, and defaults the others to {}', () => {
    // @ts-expect-error SYNC_RUN_NOT_FOUND names its run.
    expect(new RosterError('SYNC_RUN_NOT_FOUND', 'gone').details).toEqual({});
    const cause = new Error('socket');
    const outage = new RosterError('STORAGE_UNAVAILABLE', 'down', { cause });
    expect(outage).toMatchObject({ code: 'STORAGE_UNAVAILABLE', details: {}, cause });
    expect(isRosterError(outage, 'USER_NAME_TAKEN')).toBe(false);
    expect(isRosterError(new Error('x'))).toBe(false);
  });
});
