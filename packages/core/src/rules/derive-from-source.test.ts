import { describe, expect, it } from 'vitest';
import type { Iam } from '../model.ts';
import { deriveFromSource, sourceKindOf } from './derive-from-source.ts';
import { keptSourceAttributes, withoutSecrets } from './source-attributes.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const iam = (type: Iam['type'], settings: Partial<Iam['settings']> = {}) =>
  ({ id: 'x', type, settings: { profileSchema: {}, attributeSchema: [], syncAttributes: false, ...settings } }) as unknown as Iam;

describe('deriveFromSource', () => {
  const scim = {
    userName: 'ada',
    displayName: 'Ada',
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    title: 'Countess',
    nickName: 'Ada L',
    phoneNumbers: [
      { value: '111', type: 'home' },
      { value: '222', type: 'work', primary: true },
    ],
    addresses: [{ locality: 'Marylebone' }, { locality: 'London', primary: 'True' }],
    [ENTERPRISE]: { department: 'Math', organization: 'Analytical Engines', employeeNumber: '7' },
  };

  it('reads a SCIM User with the RFC 7643 defaults, primary values first, and clears what it lacks', () => {
    expect(deriveFromSource(iam('SAML'), 'SCIM', scim)).toEqual({
      fields: {
        displayName: 'Ada',
        givenName: 'Ada',
        familyName: 'Lovelace',
        profile: { phoneNumber: '222', title: 'Countess', department: 'Math', organization: 'Analytical Engines', location: 'London' },
      },
      attributes: null,
    });
    expect(deriveFromSource(iam('SAML'), 'SCIM', { userName: 'bare' }).fields).toEqual({
      displayName: null,
      givenName: null,
      familyName: null,
      profile: { phoneNumber: null, title: null, department: null, organization: null, location: null },
    });
  });

  it('lets the profile schema override the defaults, and maps attributes only with attribute sync on', () => {
    const settings = {
      profileSchema: { displayName: 'nickName', title: `${ENTERPRISE}:employeeNumber` },
      syncAttributes: true,
      attributeSchema: [{ source: ENTERPRISE, prefix: 'hr' }],
    };
    expect(deriveFromSource(iam('SAML', settings), 'SCIM', scim)).toMatchObject({
      fields: { displayName: 'Ada L', profile: { title: '7' } },
      attributes: {
        values: { 'hr.department': ['Math'], 'hr.organization': ['Analytical Engines'], 'hr.employeeNumber': ['7'] },
        prefixes: ['hr'],
      },
    });
  });

  it('reads an LDAP entry with the inetOrgPerson defaults; a mail that is no address gives no email', () => {
    expect(
      deriveFromSource(iam('LDAP'), 'LDAP', { cn: ['Ada Lovelace'], givenName: ['Ada'], sn: ['Lovelace'], mail: ['ada@corp.com'] }).fields,
    ).toEqual({
      displayName: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      emails: [{ value: 'ada@corp.com', type: 'work', primary: true }],
      profile: {},
    });
    expect(deriveFromSource(iam('LDAP'), 'LDAP', { cn: ['Ada'], mail: ['not an address'] }).fields.emails).toEqual([]);
  });

  it('sets only the mapped fields a login carries', () => {
    const sso = iam('OIDC', { profileSchema: { displayName: 'name', title: 'jobTitle', email: 'email' } });
    expect(deriveFromSource(sso, 'SSO', { name: 'Ada', email: 'ada@corp.com' }).fields).toEqual({
      displayName: 'Ada',
      emails: [{ value: 'ada@corp.com', type: 'work', primary: true }],
      profile: {},
    });
  });

  it('knows which kind of source a user has', () => {
    expect(sourceKindOf(iam('LDAP'), { source: 'SSO' })).toBe('LDAP');
    expect(sourceKindOf(iam('SAML'), { source: 'SCIM' })).toBe('SCIM');
    expect(sourceKindOf(iam('SAML'), { source: 'ADMIN' })).toBe('SSO');
  });
});

describe('what Roster keeps of a source', () => {
  it('never keeps secrets: passwords, LDAP password attributes, OIDC nonces and token hashes', () => {
    const source = {
      password: 'p',
      userPassword: ['x'],
      unicodePwd: ['y'],
      sambaNTPassword: ['z'],
      clientSecret: 's',
      nonce: 'n',
      at_hash: 'a',
      c_hash: 'c',
      access_token: 't',
      passportNumber: 'P1',
      mail: 'm',
    };
    expect(withoutSecrets(source)).toEqual({ passportNumber: 'P1', mail: 'm' });
  });

  it('leaves out attributes holding NUL characters (binary data read as text), which PostgreSQL cannot store', () => {
    expect(keptSourceAttributes({ photo: ['\u0000\u0001'], nested: { a: ['ok', 'b\u0000d'] }, cn: ['Ada'], password: 'p' })).toEqual({
      cn: ['Ada'],
    });
  });
});
