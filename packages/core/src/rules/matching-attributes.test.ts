import { describe, expect, it } from 'vitest';
import { isRosterError } from '../errors.ts';
import { parseGroupMatchingAttribute, parseUserMatchingAttribute } from './matching-attributes.ts';

describe('matching attributes', () => {
  it('accepts the user matching attributes IdPs use, in any case and spacing', () => {
    expect(parseUserMatchingAttribute('id')).toBe('id');
    expect(parseUserMatchingAttribute('USERNAME')).toBe('userName');
    expect(parseUserMatchingAttribute('email')).toBe('email');
    expect(parseUserMatchingAttribute('displayName')).toBe('displayName');
    expect(parseUserMatchingAttribute('emails[type eq "work"].value')).toBe('workEmail');
    expect(parseUserMatchingAttribute("emails[ type  eq 'work' ].value")).toBe('workEmail');
    expect(parseUserMatchingAttribute('workEmail')).toBe('workEmail');
  });

  it('accepts id and displayName for groups', () => {
    expect(parseGroupMatchingAttribute('displayname')).toBe('displayName');
    expect(parseGroupMatchingAttribute('id')).toBe('id');
  });

  it('rejects anything else with the list of valid ones', () => {
    for (const [parse, name] of [
      [parseUserMatchingAttribute, 'externalId'],
      [parseUserMatchingAttribute, 'emails[type eq "home"].value'],
      [parseGroupMatchingAttribute, 'userName'],
    ] as const) {
      let error: unknown;
      try {
        parse(name);
      } catch (e) {
        error = e;
      }
      expect(isRosterError(error, 'INVALID_MATCHING_ATTRIBUTE')).toBe(true);
      expect((error as Error).message).toMatch(/use one of: id/);
    }
  });
});
