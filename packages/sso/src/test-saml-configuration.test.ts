import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamlConfig } from '@roster/core';
import { testSamlConfiguration } from './test-saml-configuration.ts';

const base: SamlConfig = {
  requestBinding: 'REDIRECT',
  userIdAttribute: 'nameID',
  allowIdpInitiated: false,
  singleLogout: { enabled: false },
  clockSkewSeconds: 60,
};

describe('testSamlConfiguration', () => {
  let certificate: string;
  let server: Server;
  let entryPoint: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-saml-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=idp.example.com',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
    rmSync(dir, { recursive: true });
    server = createServer((_req, res) => res.writeHead(200).end('login page'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    entryPoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sso`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('accepts a valid certificate and a reachable entry point', async () => {
    const steps = await testSamlConfiguration({ ...base, idpCertificate: certificate, entryPoint });
    expect(steps.map((step) => [step.name, step.ok])).toEqual([
      ['certificate', true],
      ['entry point', true],
    ]);
    expect(steps[0]!.message).toContain('CN=idp.example.com');
  });

  it('reports an expired certificate, a missing one, and an unreachable entry point', async () => {
    const later = new Date(Date.now() + 5 * 86_400_000);
    expect((await testSamlConfiguration({ ...base, idpCertificate: certificate, entryPoint }, later))[0]).toMatchObject({
      ok: false,
      message: expect.stringContaining('expired'),
    });
    const steps = await testSamlConfiguration({ ...base, entryPoint: 'http://127.0.0.1:1/sso' });
    expect(steps.map((step) => step.ok)).toEqual([false, false]);
  });
});
