import { describe, expect, it } from 'vitest';
import { mapAttributes } from './attribute-mapping.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('mapAttributes', () => {
  it('maps each key of a SCIM extension under its prefix (reference: scimuser.Test)', () => {
    expect(mapAttributes({ [ENTERPRISE]: { Test: 'x', costCenter: 42 } }, [{ source: ENTERPRISE, prefix: 'scimuser' }])).toEqual({
      'scimuser.Test': ['x'],
      'scimuser.costCenter': ['42'],
    });
  });

  it('maps a URN-qualified attribute to prefix.<last segment>', () => {
    expect(mapAttributes({ [ENTERPRISE]: { department: 'R&D' } }, [{ source: `${ENTERPRISE}:department`, prefix: 'hr' }])).toEqual({
      'hr.department': ['R&D'],
    });
  });

  it('splits multi-valued strings on the delimiter and drops blanks and duplicates', () => {
    expect(mapAttributes({ roles: 'a; b;;a ' }, [{ source: 'roles', prefix: 'idp', delimiter: ';' }])).toEqual({ 'idp.roles': ['a', 'b'] });
  });

  it('reads LDAP-style attribute names case-insensitively and keeps arrays', () => {
    expect(mapAttributes({ memberOf: ['cn=a', 'cn=b'] }, [{ source: 'memberof', prefix: 'ldap' }])).toEqual({
      'ldap.memberof': ['cn=a', 'cn=b'],
    });
  });

  it('takes the value of SCIM complex values and honours an explicit key', () => {
    expect(
      mapAttributes({ manager: { value: 'u-1', displayName: 'Boss' } }, [{ source: 'manager', prefix: 'org', key: 'managerId' }]),
    ).toEqual({
      'org.managerId': ['u-1'],
    });
  });

  it('leaves out attributes the IdP did not send', () => {
    expect(mapAttributes({}, [{ source: 'department', prefix: 'ldap' }])).toEqual({});
  });
});
