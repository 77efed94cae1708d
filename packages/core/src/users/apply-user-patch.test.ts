import { describe, expect, it } from 'vitest';
import type { Iam, User } from '../model.ts';
import { applyUserPatch } from './apply-user-patch.ts';
import { idpOwnedUserFields } from './idp-owned-fields.ts';

const user: User = {
  id: 'u',
  iamId: 'okta',
  userName: 'ada',
  externalId: null,
  externalUsername: null,
  active: false,
  deprovisionedAt: new Date(0),
  displayName: 'Ada',
  givenName: null,
  familyName: null,
  emails: [],
  profile: { title: 'Countess' },
  source: 'SCIM',
  sourceAttributes: {},
  permissions: [],
  groupPermissions: [],
  version: 3,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe('applyUserPatch', () => {
  it('keeps undefined fields, clears null ones and merges the profile', () => {
    const after = applyUserPatch(user, { displayName: null, givenName: 'Ada', profile: { title: null, department: 'Math' } });
    expect(after).toMatchObject({ displayName: null, givenName: 'Ada', userName: 'ada', profile: { department: 'Math' } });
  });

  it('clears the deprovisioned mark when a user is reactivated', () => {
    expect(applyUserPatch(user, { active: true })).toMatchObject({ active: true, deprovisionedAt: null });
  });

  it('defaults email type and primary', () => {
    expect(applyUserPatch(user, { emails: [{ value: 'a@b.c' }] }).emails).toEqual([{ value: 'a@b.c', type: null, primary: false }]);
  });
});

describe('idpOwnedUserFields', () => {
  const base = { id: 'x', displayName: 'x', enabled: true, createdAt: new Date(), updatedAt: new Date() };
  const settings = { profileSchema: { title: 'jobTitle', email: 'mail' } } as unknown as Iam['settings'];

  it('gives the IdP identity and mapped fields, and for SCIM the names and emails', () => {
    const saml = { ...base, type: 'SAML', config: {}, settings, scim: { enabled: false, tokenHash: null } } as unknown as Iam;
    expect([...idpOwnedUserFields(saml)].sort()).toEqual(['emails', 'externalId', 'profile.title', 'userName']);
    const scim = { ...saml, scim: { enabled: true, tokenHash: 'h' } } as Iam;
    expect(idpOwnedUserFields(scim)).toContain('givenName');
  });

  it('leaves every field of built-in users to administrators', () => {
    expect(idpOwnedUserFields({ ...base, type: 'BUILTIN', config: {}, settings, scim: { enabled: false, tokenHash: null } }).size).toBe(0);
  });
});
