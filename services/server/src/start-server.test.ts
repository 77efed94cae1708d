import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '@roster/runtime';
import { startServer } from './start-server.ts';

describe('startServer', () => {
  let dataDir: string;
  let logs = '';
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) }));
  const config = () => loadConfig({ PORT: '0', DATA_DIR: dataDir });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-start-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('keeps users, groups and events across a restart of the embedded database', async () => {
    const announced: string[] = [];
    const first = await startServer(config(), { logger, announce: (text) => announced.push(text) });
    const user = await first.roster.createUser('bim', { userName: 'persisted@corp.com' }, 'ADMIN');
    const lastSeq = await first.roster.events.lastSeq();
    await first.stop();

    const second = await startServer(config(), { logger, announce: (text) => announced.push(text) });
    try {
      expect(await second.roster.read((r) => r.users.findByUserName('bim', 'PERSISTED@corp.com'))).toMatchObject({ id: user.id });
      expect(await second.roster.events.lastSeq()).toBe(lastSeq);
      expect(announced).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('lets an in-flight request finish before it stops, then refuses new connections', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer(config(), {
      logger,
      services: () => [
        {
          path: '/slow',
          fetch: async () => {
            release();
            await new Promise((resolve) => setTimeout(resolve, 400));
            return new Response('done');
          },
        },
      ],
    });
    const inFlight = fetch(`${server.url}/slow`).then((response) => response.text());
    await started;
    const stopped = server.stop();
    expect(await inFlight).toBe('done');
    await stopped;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it('serves GraphQL at /graphql to the bootstrap admin token, and refuses anonymous requests', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'roster-gql-'));
    const announced: string[] = [];
    const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: fresh }), { logger, announce: (text) => announced.push(text) });
    try {
      const token = /rtok_\S+/.exec(announced.join(''))![0];
      const ask = (authorization?: string) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: '{ viewer { permissions } iams { id type } }' }),
        });
      expect(await (await ask(`Bearer ${token}`)).json()).toEqual({
        data: { viewer: { permissions: ['APPLICATION_ADMIN'] }, iams: [{ id: 'bim', type: 'BUILTIN' }] },
      });
      expect((await ask()).status).toBe(401);
    } finally {
      await server.stop();
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it("tests a SAML IAM's connection through GraphQL, and starts its login at the entry point", async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'roster-conn-'));
    const dir = await mkdtemp(join(tmpdir(), 'roster-cert-'));
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
        '/CN=idp.test',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
      ],
      { stdio: 'ignore' },
    );
    const certificate = readFileSync(join(dir, 'c.pem'), 'utf8');
    const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: fresh, ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' }), {
      logger,
    });
    try {
      const gql = async (query: string, variables: object) =>
        (
          await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer test-admin-token-0123456789abcdef' },
            body: JSON.stringify({ query, variables }),
          })
        ).json() as Promise<{ data: Record<string, any> }>;
      await gql(
        'mutation($cert: String!, $entry: String!) { createIam(input: { displayName: "Corp SAML", type: SAML, saml: { idpCertificate: $cert, entryPoint: $entry } }) { iam { id } } }',
        { cert: certificate, entry: `${server.url}/healthz` },
      );
      const result = await gql('mutation { testIamConnection(id: "corp-saml") { ok steps { name ok message } } }', {});
      expect(result.data['testIamConnection']).toMatchObject({
        ok: true,
        steps: [
          { name: 'certificate', ok: true, message: expect.stringContaining('CN=idp.test') },
          { name: 'entry point', ok: true },
        ],
      });
      const start = await fetch(`${server.url}/bim/iam/corp-saml/user/authenticate`, { redirect: 'manual' });
      expect(start.status).toBe(302);
      expect(start.headers.get('location')).toMatch(new RegExp(`^${server.url}/healthz\\?SAMLRequest=`));
    } finally {
      await server.stop();
      await rm(fresh, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never logs the bootstrap admin token', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'roster-token-'));
    const announced: string[] = [];
    const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: fresh }), { logger, announce: (text) => announced.push(text) });
    await server.stop();
    await rm(fresh, { recursive: true, force: true });
    const token = /rtok_\S+/.exec(announced.join(''))?.[0];
    expect(token).toBeDefined();
    expect(logs).not.toContain(token);
  });
});
