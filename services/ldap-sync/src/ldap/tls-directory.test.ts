import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase } from '@roster/db/testing';
import {
  createOktaIam,
  generateTestCertificates,
  oktaTreeLdif,
  openSyncFixture,
  startTestSlapd,
  type TestCertificates,
  type TestSlapd,
} from '../testing/index.ts';
import { connectDirectory, type DirectoryConnection } from './ldap-directory.ts';

const SUFFIX = 'dc=tls,dc=okta,dc=com';

// slapd serving a certificate signed by a CA made at test time: both TLS paths connect with
// verification on and that CA configured, and refuse clearly when the configured CA is another one.
describe('TLS to a real slapd', () => {
  let dir: string;
  let ca: TestCertificates;
  let otherCa: TestCertificates;
  let slapd: TestSlapd;
  const base = (): Omit<DirectoryConnection, 'url' | 'startTls'> => ({
    tlsVerify: true,
    caCertificate: ca.caPem,
    bindDn: slapd.adminDn,
    bindPassword: slapd.adminPassword,
    connectTimeoutMs: 5_000,
    operationTimeoutMs: 10_000,
  });
  const userCount = async (connection: DirectoryConnection) => {
    const directory = await connectDirectory(connection);
    try {
      let count = 0;
      for await (const page of directory.search({
        base: `ou=users,${SUFFIX}`,
        filter: '(objectClass=inetOrgPerson)',
        attributes: ['uid'],
        pageSize: 2,
      }))
        count += page.length;
      return count;
    } finally {
      await directory.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-tls-'));
    await Promise.all([mkdir(join(dir, 'a')), mkdir(join(dir, 'b'))]);
    [ca, otherCa] = await Promise.all([
      generateTestCertificates(join(dir, 'a'), 'Roster Test CA'),
      generateTestCertificates(join(dir, 'b'), 'Some Other CA'),
    ]);
    slapd = await startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 5, groups: 1 }), tls: ca });
  });
  afterAll(async () => {
    await slapd?.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('connects over ldaps:// with verification on and the CA certificate configured', async () => {
    expect(await userCount({ ...base(), url: slapd.ldapsUrl!, startTls: false })).toBe(5);
  });

  it('connects with StartTLS with verification on and the CA certificate configured', async () => {
    expect(await userCount({ ...base(), url: slapd.url, startTls: true })).toBe(5);
  });

  it('refuses ldaps:// when the configured CA did not sign the server certificate', async () => {
    const error = await connectDirectory({ ...base(), caCertificate: otherCa.caPem, url: slapd.ldapsUrl!, startTls: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ failure: 'TLS_FAILED' });
    expect((error as Error).message).toMatch(
      /^Binding to ldaps:\/\/127\.0\.0\.1:\d+ .*TLS failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
    );
  });

  it('refuses StartTLS when the configured CA did not sign the server certificate', async () => {
    const error = await connectDirectory({ ...base(), caCertificate: otherCa.caPem, url: slapd.url, startTls: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ failure: 'TLS_FAILED' });
    expect((error as Error).message).toMatch(/TLS failed/);
    expect((error as Error).message).not.toContain(slapd.adminPassword);
  });

  it('syncs an IAM configured with ldaps:// and its CA, and fails the run clearly with another CA', async () => {
    const fx = await openSyncFixture(createPgliteTestDatabase);
    try {
      const good = await createOktaIam(fx.roster, slapd, { ldap: { url: slapd.ldapsUrl, caCertificate: ca.caPem, tlsVerify: true } });
      expect(await fx.sync(good.id)).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ usersCreated: 5 }) });
      const wrong = await createOktaIam(fx.roster, slapd, {
        ldap: { url: slapd.url, startTls: true, caCertificate: otherCa.caPem, tlsVerify: true },
      });
      const failed = await fx.sync(wrong.id);
      expect(failed.status).toBe('FAILED');
      expect(failed.error).toMatch(/^TLS_FAILED: /);
    } finally {
      await fx.close();
    }
  });
});
