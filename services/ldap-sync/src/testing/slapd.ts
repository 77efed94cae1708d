import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@roster/db/testing';
import { AD_SCHEMA } from './ad-schema.ts';
import { ensureSlapdInstalled } from './ensure-slapd-installed.ts';
import type { TestCertificates } from './test-certificates.ts';

const run = promisify(execFile);

/** A private slapd for tests: its own port, temp directory and database. */
export interface TestSlapd {
  readonly url: string;
  /** `ldaps://` URL, when started with TLS certificates (StartTLS then also works on `url`). */
  readonly ldapsUrl?: string;
  readonly suffix: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  /** Kills slapd (as a crash would); `start()` brings it back with the same data and port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops slapd and deletes its directory. */
  destroy(): Promise<void>;
}

/**
 * Starts slapd on a free loopback port with the core, cosine, inetorgperson and nis schemas plus a
 * small AD-like schema; `seedLdif` is bulk-loaded with slapadd before the first start (fast even
 * for 100,000 entries; slapadd adds entryUUID and the timestamps).
 */
export async function startTestSlapd(options: {
  readonly suffix: string;
  readonly seedLdif?: string;
  readonly tls?: TestCertificates;
}): Promise<TestSlapd> {
  ensureSlapdInstalled();
  const dir = await mkdtemp(join(tmpdir(), 'roster-slapd-'));
  await mkdir(join(dir, 'db'));
  await writeFile(join(dir, 'ad.schema'), AD_SCHEMA);
  const adminDn = `cn=admin,${options.suffix}`;
  const adminPassword = 'admin-secret';
  const conf = join(dir, 'slapd.conf');
  await writeFile(conf, slapdConf(dir, options.suffix, adminDn, adminPassword, options.tls));
  const ldif = join(dir, 'seed.ldif');
  await writeFile(
    ldif,
    `dn: ${options.suffix}\nobjectClass: dcObject\nobjectClass: organization\no: test\ndc: ${options.suffix.split(',')[0]!.split('=')[1]}\n\n${options.seedLdif ?? ''}`,
  );
  await run('/usr/sbin/slapadd', ['-q', '-f', conf, '-l', ldif], { maxBuffer: 64 * 1024 * 1024 });
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const tlsPort = options.tls ? await freePort() : null;
  const ldapsUrl = tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined;
  let child: ChildProcess | null = null;
  const start = async () => {
    if (child) return;
    const started = spawn('/usr/sbin/slapd', ['-d', '0', '-f', conf, '-h', ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`], {
      stdio: 'ignore',
    });
    // A test process that dies without its afterAll must not leave slapd behind.
    const reap = () => started.kill('SIGKILL');
    process.once('exit', reap);
    started.once('exit', () => {
      process.removeListener('exit', reap);
      child = null;
    });
    child = started;
    await waitForPort(port);
    if (tlsPort) await waitForPort(tlsPort);
  };
  const stop = async () => {
    const current = child;
    if (!current) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    ...(ldapsUrl ? { ldapsUrl } : {}),
    suffix: options.suffix,
    adminDn,
    adminPassword,
    start,
    stop,
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function slapdConf(dir: string, suffix: string, rootDn: string, rootPw: string, tls: TestCertificates | undefined): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis'].map((name) => `include /etc/ldap/schema/${name}.schema`);
  const certificates = tls
    ? [`TLSCACertificateFile ${tls.caFile}`, `TLSCertificateFile ${tls.certFile}`, `TLSCertificateKeyFile ${tls.keyFile}`]
    : [];
  return [
    ...schemas,
    `include ${join(dir, 'ad.schema')}`,
    ...certificates,
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'sizelimit unlimited',
    'database mdb',
    'maxsize 4294967296',
    `suffix "${suffix}"`,
    `rootdn "${rootDn}"`,
    `rootpw ${rootPw}`,
    `directory ${join(dir, 'db')}`,
    'index objectClass,entryUUID eq',
    'index modifyTimestamp eq,pres',
    '',
  ].join('\n');
}

async function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`slapd did not listen on port ${port} within 10 s`);
}
