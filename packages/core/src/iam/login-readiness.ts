import type { Iam } from '../model.ts';

/** Whether users can log in through an IAM yet, and which settings are still missing. */
export interface LoginReadiness {
  readonly ready: boolean;
  readonly missing: readonly string[];
}

/**
 * An IAM may be saved incomplete (admins often set up SCIM provisioning first); it reports what
 * login still needs instead of refusing the save.
 */
export function assessLoginReadiness(iam: Iam): LoginReadiness {
  const missing: string[] = [];
  const need = (present: unknown, name: string): void => {
    if (present === undefined || present === null || present === '') missing.push(name);
  };
  switch (iam.type) {
    case 'BUILTIN':
      break;
    case 'LDAP':
      need(iam.config.url, 'ldap.url');
      need(iam.config.userBaseDn, 'ldap.userBaseDn');
      break;
    case 'SAML':
      need(iam.config.entryPoint, 'saml.entryPoint');
      need(iam.config.idpCertificate, 'saml.idpCertificate');
      break;
    case 'OIDC': {
      const oidc = iam.config;
      need(oidc.clientId, 'oidc.clientId');
      if (!oidc.discoveryUrl) {
        for (const field of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'jwksUri'] as const) {
          need(oidc[field], `oidc.${field} (or oidc.discoveryUrl)`);
        }
      }
      break;
    }
  }
  return { ready: iam.enabled && missing.length === 0, missing };
}
