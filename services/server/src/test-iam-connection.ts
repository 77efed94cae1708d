import type { Iam, LdapConfig } from '@roster/core';
import type { GraphqlIntegrations } from '@roster/graphql';
import { testOidcConnection, testSamlConfiguration, type ConnectionStep } from '@roster/sso';

/** Tests an LDAP IAM's connection (bind and a sample search); provided by the LDAP sync service. */
export type LdapConnectionTest = (iam: Iam & { type: 'LDAP'; config: LdapConfig }) => Promise<readonly ConnectionStep[]>;

/** The connection test for every kind of IAM, as GraphQL's testIamConnection runs it. */
export function createConnectionTester(testLdap: LdapConnectionTest): NonNullable<GraphqlIntegrations['testConnection']> {
  return async (iam) => {
    switch (iam.type) {
      case 'OIDC':
        return testOidcConnection(iam.config);
      case 'SAML':
        return testSamlConfiguration(iam.config);
      case 'LDAP':
        return testLdap(iam);
      case 'BUILTIN':
        return [{ name: 'built-in', ok: true, message: 'The built-in IAM has no external connection.', durationMs: 0 }];
    }
  };
}
