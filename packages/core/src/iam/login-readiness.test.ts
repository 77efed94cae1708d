import { describe, expect, it } from 'vitest';
import type { Iam } from '../model.ts';
import { assessLoginReadiness } from './login-readiness.ts';
import { parseCreateIamInput } from './iam-input.ts';

const iam = (input: Parameters<typeof parseCreateIamInput>[0]): Iam => {
  const { base, kindConfig, settings } = parseCreateIamInput(input);
  const now = new Date();
  return {
    id: 'x',
    displayName: base.displayName,
    type: base.type,
    enabled: base.enabled,
    config: kindConfig,
    settings,
    scim: { enabled: false, tokenHash: null },
    createdAt: now,
    updatedAt: now,
  } as Iam;
};

describe('assessLoginReadiness', () => {
  it('reports what a SAML IAM still lacks', () => {
    expect(assessLoginReadiness(iam({ displayName: 'Okta', type: 'SAML' }))).toEqual({
      ready: false,
      missing: ['saml.entryPoint', 'saml.idpCertificate'],
    });
  });

  it('accepts OIDC with a discovery URL instead of manual endpoints', () => {
    expect(
      assessLoginReadiness(
        iam({
          displayName: 'Entra',
          type: 'OIDC',
          oidc: { clientId: 'c', discoveryUrl: 'https://login.example.com/.well-known/openid-configuration' },
        }),
      ),
    ).toEqual({ ready: true, missing: [] });
    expect(
      assessLoginReadiness(iam({ displayName: 'Entra', type: 'OIDC', oidc: { clientId: 'c', issuer: 'https://issuer.example.com' } }))
        .missing,
    ).toContain('oidc.tokenEndpoint (or oidc.discoveryUrl)');
  });

  it('is not ready while disabled', () => {
    expect(
      assessLoginReadiness(iam({ displayName: 'AD', type: 'LDAP', enabled: false, ldap: { url: 'ldap://x', userBaseDn: 'dc=x' } })).ready,
    ).toBe(false);
  });
});
