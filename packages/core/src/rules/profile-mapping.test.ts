import { describe, expect, it } from 'vitest';
import { mappedProfileFields, mapProfile } from './profile-mapping.ts';

describe('profile schema mapping', () => {
  const schema = { givenName: 'name.givenName', email: 'mail', title: 'jobTitle', department: 'dept' } as const;

  it('reads mapped fields, also through dotted paths, and ignores absent ones', () => {
    expect(mapProfile({ name: { givenName: 'Ada' }, MAIL: ['ada@corp.com', 'x@y.z'], jobTitle: 'Countess' }, schema)).toEqual({
      givenName: 'Ada',
      email: 'ada@corp.com',
      title: 'Countess',
    });
  });

  it('lists the fields administrators cannot edit', () => {
    expect(mappedProfileFields(schema)).toEqual(['givenName', 'email', 'title', 'department']);
  });
});
