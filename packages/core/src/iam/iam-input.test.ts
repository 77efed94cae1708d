import { describe, expect, it } from 'vitest';
import { isRosterError } from '../errors.ts';
import { mergePatch, parseCreateIamInput } from './iam-input.ts';

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('parseCreateIamInput', () => {
  it('fills the defaults of an LDAP IAM: hourly sync, paging, 20% deactivation limit, TLS verification on', () => {
    const { kindConfig, settings } = parseCreateIamInput({ displayName: 'AD', type: 'LDAP', ldap: { url: 'ldaps://dc.corp:636' } });
    expect(kindConfig).toMatchObject({
      tlsVerify: true,
      userIdAttribute: 'uid',
      sync: { enabled: false, schedule: '0 * * * *', paging: { enabled: true, pageSize: 500 }, deactivationLimitPercent: 20 },
    });
    expect(settings).toMatchObject({ defaultPermissions: [], userMatchingAttribute: 'userName', groupMatchingAttribute: 'displayName' });
  });

  it('names each bad field in its message', () => {
    const error = failure(() =>
      parseCreateIamInput({
        displayName: 'X',
        type: 'OIDC',
        oidc: { discoveryUrl: 'not a url', scopes: [] },
        settings: { defaultPermissions: ['ROOT'] },
      }),
    );
    expect(isRosterError(error, 'VALIDATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('discoveryUrl: must be a URL starting with https:// or http://');
  });

  it('reports unknown permissions in settings', () => {
    const error = failure(() => parseCreateIamInput({ displayName: 'X', type: 'SAML', settings: { defaultPermissions: ['ROOT'] } }));
    expect((error as Error).message).toContain('defaultPermissions.0: Unknown permission "ROOT"');
  });

  it('refuses BUILTIN, configuration of another kind, and SCIM on LDAP', () => {
    expect(
      isRosterError(
        failure(() => parseCreateIamInput({ displayName: 'X', type: 'BUILTIN' })),
        'VALIDATION_FAILED',
      ),
    ).toBe(true);
    expect((failure(() => parseCreateIamInput({ displayName: 'X', type: 'SAML', ldap: {} })) as Error).message).toContain(
      'takes no "ldap"',
    );
    expect((failure(() => parseCreateIamInput({ displayName: 'X', type: 'LDAP', scim: { enabled: true } })) as Error).message).toContain(
      'SCIM',
    );
  });

  it('accepts a SAML IAM with SCIM on and login settings still missing', () => {
    expect(parseCreateIamInput({ displayName: 'Okta', type: 'SAML', scim: { enabled: true } }).base.scim.enabled).toBe(true);
  });
});

describe('mergePatch', () => {
  it('merges nested objects, removes null keys and replaces arrays', () => {
    expect(
      mergePatch({ a: 1, sync: { enabled: false, schedule: 'x' }, list: [1, 2] }, { sync: { enabled: true }, a: null, list: [3] }),
    ).toEqual({
      sync: { enabled: true, schedule: 'x' },
      list: [3],
    });
  });
});
