import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL, withAdmin } from '@roster/db/testing';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openRoster, type OpenedRoster } from './open-roster.ts';

const logger = createLogger('silent');
const CLIENT_SECRET = 'oidc-client-secret-from-the-idp';

/** An empty database on the local PostgreSQL server: not even migrated, as on a first deployment. */
async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `roster_runtime_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE ${name} WITH (FORCE)`))) };
}

describe('openRoster on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  const opened: OpenedRoster[] = [];
  const open = async (env: Record<string, string>, announce?: (text: string) => void) => {
    const roster = await openRoster(loadConfig({ DATABASE_URL: database.url, ...env }), { logger, announce });
    opened.push(roster);
    return roster;
  };
  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((roster) => roster.close()));
  });
  afterAll(async () => database?.drop());

  it('makes exactly one bootstrap admin token when several processes start at once on an empty database, and it works on each', async () => {
    const announced: string[] = [];
    const key = randomBytes(32).toString('base64');
    const rosters = await Promise.all(Array.from({ length: 6 }, () => open({ SECRET_KEY: key }, (text) => announced.push(text))));
    expect(announced).toHaveLength(1);
    const token = /\n {2}(rtok_\S+)\n/.exec(announced[0]!)![1]!;
    for (const roster of rosters)
      expect(await roster.roster.authenticate(token)).toMatchObject({ kind: 'API_TOKEN', permissions: ['APPLICATION_ADMIN'] });
    // A later start finds the token and says nothing.
    await open({ SECRET_KEY: key }, (text) => announced.push(text));
    expect(announced).toHaveLength(1);
  });

  it('issues exactly one bootstrap token per round of concurrent calls, each time none is usable', async () => {
    const key = randomBytes(32).toString('base64');
    const rosters = await Promise.all(Array.from({ length: 6 }, () => open({ SECRET_KEY: key })));
    for (let round = 0; round < 5; round += 1) {
      // Revoked tokens do not count: every round starts with no usable admin token.
      for (const token of await rosters[0]!.roster.listApiTokens()) await rosters[0]!.roster.revokeApiToken(token.id);
      const tokens = (await Promise.all(rosters.map(({ roster }) => roster.ensureBootstrapAdminToken()))).filter((t) => t !== null);
      expect(tokens).toHaveLength(1);
      expect(await rosters.at(-1)!.roster.authenticate(tokens[0]!)).toMatchObject({ permissions: ['APPLICATION_ADMIN'] });
    }
  });

  it('opens a secret sealed by another process given the same SECRET_KEY, and refuses it with another key', async () => {
    const key = randomBytes(32).toString('base64');
    const sealer = await open({ SECRET_KEY: key, ROSTER_ROLES: 'graphql' });
    const { iam } = await sealer.roster.createIam({
      displayName: `Entra ${randomBytes(3).toString('hex')}`,
      type: 'OIDC',
      oidc: { clientId: 'roster', clientSecret: CLIENT_SECRET, discoveryUrl: 'https://login.example.com/.well-known/openid-configuration' },
    });
    const reader = await open({ SECRET_KEY: key, ROSTER_ROLES: 'sso' });
    const stored = (await reader.roster.read((repos) => repos.iams.get(iam.id)))!;
    expect(await reader.roster.openIamSecret(stored, 'clientSecret')).toBe(CLIENT_SECRET);
    const stranger = await open({ SECRET_KEY: randomBytes(32).toString('base64') });
    await expect(stranger.roster.openIamSecret(stored, 'clientSecret')).rejects.toThrow(/wrong secret key/);
  });

  it('opens a secret sealed by another process sharing the DATA_DIR key file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'roster-runtime-'));
    try {
      const sealer = await open({ DATA_DIR: dataDir });
      const { iam } = await sealer.roster.createIam({
        displayName: `Okta ${randomBytes(3).toString('hex')}`,
        type: 'OIDC',
        oidc: {
          clientId: 'roster',
          clientSecret: CLIENT_SECRET,
          discoveryUrl: 'https://login.example.com/.well-known/openid-configuration',
        },
      });
      const reader = await open({ DATA_DIR: dataDir });
      const stored = (await reader.roster.read((repos) => repos.iams.get(iam.id)))!;
      expect(await reader.roster.openIamSecret(stored, 'clientSecret')).toBe(CLIENT_SECRET);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
