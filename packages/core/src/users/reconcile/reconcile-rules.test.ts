import { describe, expect, it } from 'vitest';
import { RosterError } from '../../errors.ts';
import type { User } from '../../model.ts';
import { matchValueOf } from './match-value.ts';
import { retryOnVersionConflict } from './retry-on-version-conflict.ts';
import { assertMayTakeOver } from './take-over.ts';

describe('matchValueOf', () => {
  const sent = {
    userName: 'ada',
    displayName: 'Ada Lovelace',
    emails: [
      { value: 'home@ada.org', type: 'home' },
      { value: 'ada@corp.com', type: 'WORK', primary: true },
    ],
  };
  it('reads the value the IAM matches on', () => {
    expect(matchValueOf('email', sent)).toBe('ada@corp.com');
    expect(matchValueOf('email', { ...sent, emails: [{ value: 'first@x.org' }] })).toBe('first@x.org');
    expect(matchValueOf('workEmail', sent)).toBe('ada@corp.com');
    expect(matchValueOf('displayName', sent)).toBe('Ada Lovelace');
    expect(matchValueOf('userName', sent)).toBe('ada');
  });
  it('has nothing to match on without the value, nor on id', () => {
    expect(matchValueOf('workEmail', { userName: 'ada', emails: [{ value: 'a@b.c', type: 'home' }] })).toBeNull();
    expect(matchValueOf('displayName', { userName: 'ada', displayName: null })).toBeNull();
    expect(matchValueOf('email', { userName: 'ada' })).toBeNull();
    expect(matchValueOf('id', sent)).toBeNull();
  });
});

describe('assertMayTakeOver', () => {
  const user = (changes: Partial<User>) =>
    ({ id: 'u1', iamId: 'okta', userName: 'ada', externalId: null, source: 'SSO', deprovisionedAt: null, ...changes }) as User;
  const verdict = (existing: User, externalId: string | null) => {
    try {
      assertMayTakeOver(existing, externalId);
      return 'take over';
    } catch (error) {
      return error instanceof RosterError ? `${error.code}: ${error.message}` : 'other';
    }
  };
  it('takes over a user made elsewhere, or deprovisioned', () => {
    expect(verdict(user({}), 'okta-1')).toBe('take over');
    expect(verdict(user({ externalId: 'okta-1' }), 'okta-1')).toBe('take over');
    expect(verdict(user({ source: 'SCIM', deprovisionedAt: new Date() }), 'okta-1')).toBe('take over');
    expect(verdict(user({ externalId: 'other', deprovisionedAt: new Date() }), 'okta-1')).toBe('take over');
  });
  it('refuses a live SCIM user and a live user linked to another identity', () => {
    expect(verdict(user({ source: 'SCIM' }), null)).toBe('USER_NAME_TAKEN: A user named "ada" already exists.');
    expect(verdict(user({ externalId: 'other' }), 'okta-1')).toBe('USER_NAME_TAKEN: A user named "ada" already exists.');
    expect(verdict(user({ externalId: 'other' }), null)).toMatch(/^USER_NAME_TAKEN/);
  });
});

describe('retryOnVersionConflict', () => {
  const conflict = () => new RosterError('VERSION_MISMATCH', 'moved on');
  it('starts over after a concurrent writer, until the work goes through', async () => {
    let calls = 0;
    const result = await retryOnVersionConflict(async () => {
      calls += 1;
      if (calls < 3) throw conflict();
      return 'written';
    }, undefined);
    expect({ result, calls }).toEqual({ result: 'written', calls: 3 });
  });
  it('does not retry when the client named a version, other errors, or past its attempts', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw conflict();
    };
    await expect(retryOnVersionConflict(failing, 4)).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(calls).toBe(1);
    await expect(retryOnVersionConflict(failing, undefined, 2)).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(calls).toBe(3);
    await expect(retryOnVersionConflict(() => Promise.reject(new RosterError('USER_NOT_FOUND', 'gone')), undefined)).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
  });
});
