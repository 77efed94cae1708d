import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam, LdapConfig } from '@roster/core';
import { createOktaIam, oktaTreeLdif, openSyncFixture, startTestSlapd, type SyncFixture, type TestSlapd } from '../testing/index.ts';
import { createPgliteTestDatabase } from '@roster/db/testing';
import { testLdapConnection } from './test-ldap-connection.ts';

const SUFFIX = 'dc=conntest,dc=okta,dc=com';
type LdapIam = Iam & { type: 'LDAP'; config: LdapConfig };

describe('testLdapConnection against slapd', () => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  beforeAll(async () => {
    [slapd, fx] = await Promise.all([
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 3, groups: 1 }) }),
      openSyncFixture(createPgliteTestDatabase),
    ]);
  });
  afterAll(async () => {
    await fx?.close();
    await slapd?.destroy();
  });

  it('binds and shows a sample of the users the sync would read', async () => {
    const iam = (await createOktaIam(fx.roster, slapd)) as LdapIam;
    const steps = await testLdapConnection(fx.roster, iam);
    expect(steps.map((step) => [step.name, step.ok])).toEqual([
      ['bind', true],
      ['user search', true],
    ]);
    expect(steps[1]!.message).toMatch(/finds users, e\.g\. \S+/);
  });

  it('reports a wrong bind password without revealing it', async () => {
    const iam = (await createOktaIam(fx.roster, slapd, { ldap: { bindPassword: 'not-the-password' } })) as LdapIam;
    const steps = await testLdapConnection(fx.roster, iam);
    expect(steps).toEqual([expect.objectContaining({ name: 'bind', ok: false })]);
    expect(steps[0]!.message).not.toContain('not-the-password');
  });
});
