import { spawn } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAesGcmSecretBox, createRoster, webHasher, webRandomness } from '@roster/core';
import { createAsyncOriginScope, createInProcessNotifier, createPrismaStore, openDatabase } from '@roster/db';
import { createPostgresTestDatabase, type TestDatabase } from '@roster/db/testing';
import { createOktaIam, oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { ldapSync } from './ldap-sync-command.ts';

const SUFFIX = 'dc=cli,dc=okta,dc=com';

describe('npm run cli -- ldap sync', () => {
  let slapd: TestSlapd;
  let db: TestDatabase;
  let iamId: string;
  const key = Buffer.alloc(32, 7).toString('base64');
  beforeAll(async () => {
    [slapd, db] = await Promise.all([
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 15, groups: 2 }) }),
      createPostgresTestDatabase(),
    ]);
    // The IAM is saved by a Roster sealing with the same SECRET_KEY the CLI will use.
    const secrets = await createAesGcmSecretBox(new Uint8Array(Buffer.from(key, 'base64')));
    const roster = createRoster({
      store: createPrismaStore(db.prisma, { notifier: createInProcessNotifier() }),
      clock: { now: () => new Date() },
      random: webRandomness,
      hasher: webHasher,
      secrets,
      origins: createAsyncOriginScope(),
    });
    iamId = (await createOktaIam(roster, slapd)).id;
  });
  afterAll(async () => {
    await db?.close();
    await slapd?.destroy();
  });

  const capture = () => {
    let text = '';
    const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  };

  it('runs a full sync and prints the final counts', async () => {
    const out = capture();
    const code = await ldapSync({ iamId, full: true, force: false, env: { DATABASE_URL: db.url, SECRET_KEY: key } }, out.stream);
    expect(code).toBe(0);
    expect(out.text()).toMatch(new RegExp(`FULL sync of ${iamId}: SUCCEEDED`));
    expect(out.text()).toMatch(/usersCreated\s+15/);
  });

  it('exits 1 and says why when the IAM does not exist', async () => {
    const out = capture();
    const code = await ldapSync(
      { iamId: 'no-such-iam', full: true, force: false, env: { DATABASE_URL: db.url, SECRET_KEY: key } },
      out.stream,
    );
    expect(code).toBe(1);
  });
});

describe('npm run cli on the data folder of a running server', () => {
  it('refuses with DATA_DIR_LOCKED, naming the folder and the PID holding it', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'roster-cli-')));
    const server = await openDatabase({ dataDir: dir }); // as the running server holds it
    try {
      const main = fileURLToPath(new URL('./main.ts', import.meta.url));
      const cli = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, 'ldap', 'sync', '--iam', 'corp-ad'], {
        env: { PATH: process.env['PATH'] ?? '', DATA_DIR: dir },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      expect(await new Promise((resolve) => cli.once('exit', resolve))).toBe(1);
      expect(stderr).toBe(
        `DATA_DIR_LOCKED: The data folder ${dir} is in use by another process (PID ${process.pid}). Stop it first, or give this process its own DATA_DIR.\n`,
      );
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
