import { describe, expect, it } from 'vitest';
import { deriveGroupPermissions, effectivePermissions, samePermissions } from './permissions.ts';

describe('permissions', () => {
  const rules = [
    { group: 'Admins', permissions: ['USER_ADMIN', 'AUDIT'] as const },
    { group: 'auditors', permissions: ['AUDIT'] as const },
  ];

  it('derives permissions from the groups a user is in, matching names case-insensitively', () => {
    expect(deriveGroupPermissions(['admins', 'AUDITORS', 'other'], rules)).toEqual(['AUDIT', 'USER_ADMIN']);
    expect(deriveGroupPermissions(['other'], rules)).toEqual([]);
  });

  it('makes effective permissions the union of explicit and group-derived', () => {
    expect(effectivePermissions({ permissions: ['IDENTITY_READ', 'AUDIT'], groupPermissions: ['AUDIT', 'USER_ADMIN'] })).toEqual([
      'AUDIT',
      'IDENTITY_READ',
      'USER_ADMIN',
    ]);
  });

  it('compares permission sets regardless of order', () => {
    expect(samePermissions(['AUDIT', 'USER_ADMIN'], ['USER_ADMIN', 'AUDIT'])).toBe(true);
    expect(samePermissions(['AUDIT'], ['AUDIT', 'USER_ADMIN'])).toBe(false);
  });
});
