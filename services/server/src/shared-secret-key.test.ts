import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL, withAdmin } from '@roster/db/testing';
import { oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { oktaLdapIamInput } from './testing/ldap-iam-input.ts';
import { spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';

const SUFFIX = 'dc=keys,dc=okta,dc=com';
const ADMIN = 'an-operator-chosen-admin-token-0123456789';
const CLI = fileURLToPath(new URL('../../../tools/cli/src/main.ts', import.meta.url));
const KEY_RULE = 'SECRET_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32)';

/** An empty database on the local PostgreSQL server, as on a first deployment. */
async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `roster_keys_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE ${name} WITH (FORCE)`))) };
}

/** `npm run cli -- <args>` as a process of its own; resolves with its exit code and what it wrote. */
function runCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => cli.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function graphql(port: number, token: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

// Real processes on a loaded 2-core machine.
describe('one sealing key across processes, roles and the CLI', { timeout: 240_000 }, () => {
  let slapd: TestSlapd;
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  const started: ServerProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await spawnServer({ DATABASE_URL: database.url, HOST: '127.0.0.1', ...env });
    started.push(server);
    return server;
  };
  const createLdapIam = async (server: ServerProcess, displayName: string) => {
    const created = await graphql(server.port, ADMIN, 'mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
      input: oktaLdapIamInput(slapd, displayName),
    });
    expect(created.errors).toBeUndefined();
    return created.data!['createIam'].iam.id as string;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-keys-'));
    [slapd, database] = await Promise.all([
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 9, groups: 2 }) }),
      createEmptyDatabase(),
    ]);
  });
  afterEach(async () => {
    for (const server of started.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
      await server.exited;
    }
  });
  afterAll(async () => {
    await slapd?.destroy();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes exactly one bootstrap admin token when four processes start at once on an empty database, and it works on each', async () => {
    const key = randomBytes(32).toString('base64');
    const servers = await Promise.all(Array.from({ length: 4 }, () => start({ SECRET_KEY: key, ROSTER_ROLES: 'graphql' })));
    await Promise.all(servers.map((server) => waitForHealth(server, 120_000)));
    const tokens = servers.flatMap((server) => server.output().match(/rtok_[\w-]+/g) ?? []);
    expect(tokens).toHaveLength(1);
    for (const server of servers)
      expect(await graphql(server.port, tokens[0]!, '{ viewer { permissions } }')).toEqual({
        data: { viewer: { permissions: ['APPLICATION_ADMIN'] } },
      });
  });

  it('opens a bind password sealed by a graphql process in a worker process and in the CLI, given the same SECRET_KEY', async () => {
    const key = randomBytes(32).toString('base64');
    const api = await start({ SECRET_KEY: key, ADMIN_TOKEN: ADMIN, ROSTER_ROLES: 'graphql' });
    await waitForHealth(api);
    const iamId = await createLdapIam(api, 'Okta LDAP by key');

    // The worker runs the IAM's first scheduled sync: it binds with the password the other process sealed.
    const worker = await start({ SECRET_KEY: key, ROSTER_ROLES: 'worker' });
    await waitForHealth(worker);
    // As the standalone worker did, a worker-only process limits heap growth; the API process does not.
    expect(worker.output()).toContain('"heap":"--heap-growing-percent=40"');
    expect(api.output()).not.toContain('heap-growing-percent');
    let runs: { status: string; counts: { usersCreated: number } }[] = [];
    for (let i = 0; i < 600 && runs[0]?.status !== 'SUCCEEDED' && runs[0]?.status !== 'FAILED'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      runs = (await graphql(api.port, ADMIN, `{ syncRuns(iamId: "${iamId}", first: 1) { status counts { usersCreated } } }`)).data![
        'syncRuns'
      ];
    }
    expect(runs[0]).toEqual({ status: 'SUCCEEDED', counts: { usersCreated: 9 } });

    const cli = await runCli(['ldap', 'sync', '--iam', iamId, '--full'], { DATABASE_URL: database.url, SECRET_KEY: key });
    expect(cli.stdout).toMatch(new RegExp(`FULL sync of ${iamId}: SUCCEEDED`));
    expect(cli.code).toBe(0);
    // With another key the password does not open, and the CLI says the sync failed.
    const stranger = await runCli(['ldap', 'sync', '--iam', iamId, '--full'], {
      DATABASE_URL: database.url,
      SECRET_KEY: randomBytes(32).toString('base64'),
    });
    expect(stranger.stdout).toMatch(new RegExp(`FULL sync of ${iamId}: FAILED`));
    expect(stranger.code).toBe(1);
  });

  it('opens it in the CLI from the key file a server made in the shared DATA_DIR', async () => {
    const api = await start({ DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, ROSTER_ROLES: 'graphql,scim' });
    await waitForHealth(api);
    expect(api.output()).toContain(join(dataDir, 'secret.key'));
    const iamId = await createLdapIam(api, 'Okta LDAP by key file');
    const cli = await runCli(['ldap', 'sync', '--iam', iamId, '--full'], { DATABASE_URL: database.url, DATA_DIR: dataDir });
    expect(cli.stdout).toMatch(new RegExp(`FULL sync of ${iamId}: SUCCEEDED`));
    expect(cli.code).toBe(0);
  });

  it('refuses to start, server and CLI alike, on a SECRET_KEY that is not 32 bytes of base64: one line naming SECRET_KEY, exit 1', async () => {
    const short = randomBytes(16).toString('base64');
    const server = await start({ SECRET_KEY: short });
    let stderr = '';
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await server.exited).toBe(1);
    expect(stderr).toBe(`roster: Invalid configuration: ${KEY_RULE}\n`);
    expect(server.output()).not.toContain(short);

    const cli = await runCli(['ldap', 'sync', '--iam', 'anything'], { DATABASE_URL: database.url, SECRET_KEY: short });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe(`roster: Invalid configuration: ${KEY_RULE}\n`);
  });
});
