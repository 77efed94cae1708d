import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryError } from './directory-error.ts';
import { connectDirectory, formatGuid } from './ldap-directory.ts';

const options = {
  startTls: false,
  tlsVerify: true,
  bindDn: 'cn=admin,dc=x',
  bindPassword: 'very-secret',
  connectTimeoutMs: 1_000,
  operationTimeoutMs: 300,
};

describe('connectDirectory failures', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let port = 0;
  beforeAll(async () => {
    // A server that accepts connections and never answers: a hung directory.
    silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('reports a refused connection', async () => {
    const error = await connectDirectory({ ...options, url: 'ldap://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectoryError);
    expect(error).toMatchObject({ failure: 'CONNECTION_FAILED' });
    expect((error as Error).message).not.toContain('very-secret');
  });

  it('reports a directory that does not answer as a timeout', async () => {
    const error = await connectDirectory({ ...options, url: `ldap://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ failure: 'TIMEOUT' });
  });

  it('reports a certificate it cannot verify as a TLS failure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const server = createTlsServer(
      { key: await readFile(join(dir, 'key.pem')), cert: await readFile(join(dir, 'cert.pem')) },
      (socket) => void sockets.push(socket),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `ldaps://127.0.0.1:${(server.address() as { port: number }).port}`;
      const error = await connectDirectory({ ...options, url }).catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: 'TLS_FAILED' });
      expect((error as Error).message).toMatch(/SELF_SIGNED/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('formatGuid', () => {
  it('writes objectGUID bytes the way Active Directory shows them', () => {
    const bytes = Buffer.from('a1b2c3d4e5f60718292a3b4c5d6e7f80', 'hex');
    expect(formatGuid(bytes)).toBe('d4c3b2a1-f6e5-1807-292a-3b4c5d6e7f80');
  });
});
