import type { Iam, Roster } from '@roster/core';
import { Client } from 'ldapts';
import type { TestSlapd } from './slapd.ts';

/** Overrides merged into the IAM's `ldap` block and settings. */
export interface IamOverrides {
  readonly ldap?: Record<string, unknown>;
  readonly sync?: Record<string, unknown>;
  readonly settings?: Record<string, unknown>;
}

/** An LDAP IAM configured like an Okta LDAP Interface pointing at the test slapd. */
export async function createOktaIam(roster: Roster, slapd: TestSlapd, overrides: IamOverrides = {}): Promise<Iam> {
  const { iam } = await roster.createIam({
    displayName: 'Okta LDAP',
    type: 'LDAP',
    ldap: {
      url: slapd.url,
      bindDn: slapd.adminDn,
      bindPassword: slapd.adminPassword,
      userBaseDn: `ou=users,${slapd.suffix}`,
      userFilter: '(objectClass=inetOrgPerson)',
      userIdAttribute: 'uid',
      groupBaseDn: `ou=groups,${slapd.suffix}`,
      groupFilter: '(objectClass=groupOfUniqueNames)',
      membership: 'uniqueMember',
      ...overrides.ldap,
      sync: { enabled: true, paging: { enabled: true, pageSize: 10 }, ...overrides.sync },
    },
    settings: {
      syncGroups: true,
      syncAttributes: true,
      profileSchema: { displayName: 'cn', email: 'mail', title: 'title' },
      attributeSchema: [{ source: 'departmentNumber', prefix: 'ldap', key: 'department' }],
      ...overrides.settings,
    },
  });
  return iam;
}

/** An LDAP IAM configured for the Active-Directory-shaped test tree (memberOf, objectGUID). */
export async function createAdIam(roster: Roster, slapd: TestSlapd, overrides: IamOverrides = {}): Promise<Iam> {
  const { iam } = await roster.createIam({
    displayName: 'Corp AD',
    type: 'LDAP',
    ldap: {
      url: slapd.url,
      bindDn: slapd.adminDn,
      bindPassword: slapd.adminPassword,
      userBaseDn: `OU=People,${slapd.suffix}`,
      userFilter: '(objectClass=adUser)',
      userIdAttribute: 'sAMAccountName',
      groupBaseDn: `OU=Groups,${slapd.suffix}`,
      groupFilter: '(objectClass=adGroup)',
      membership: 'memberOf',
      ...overrides.ldap,
      sync: { enabled: true, paging: { enabled: true, pageSize: 50 }, ...overrides.sync },
    },
    settings: {
      syncGroups: true,
      syncAttributes: false,
      profileSchema: { displayName: 'displayName', email: 'userPrincipalName' },
      ...overrides.settings,
    },
  });
  return iam;
}

/** A bound admin connection to the test slapd, for changing the directory during a test. */
export async function adminClient(slapd: TestSlapd): Promise<Client> {
  const client = new Client({ url: slapd.url });
  await client.bind(slapd.adminDn, slapd.adminPassword);
  return client;
}
