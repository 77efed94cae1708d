import type { TestSlapd } from '@roster/ldap-sync/testing';

/**
 * GraphQL's `CreateIamInput` for an LDAP IAM on a test slapd seeded with `oktaTreeLdif` (users
 * under `ou=users`, groups of unique names under `ou=groups`), syncing groups, pages of 5.
 */
export function oktaLdapIamInput(slapd: TestSlapd, displayName: string): Record<string, unknown> {
  return {
    displayName,
    type: 'LDAP',
    ldap: {
      url: slapd.url,
      bindDn: slapd.adminDn,
      bindPassword: slapd.adminPassword,
      userBaseDn: `ou=users,${slapd.suffix}`,
      userIdAttribute: 'uid',
      groupBaseDn: `ou=groups,${slapd.suffix}`,
      groupFilter: '(objectClass=groupOfUniqueNames)',
      membership: 'UNIQUE_MEMBER',
      sync: { enabled: true, pageSize: 5 },
    },
    settings: { syncGroups: true },
  };
}
