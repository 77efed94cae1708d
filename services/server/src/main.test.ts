import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPostgresTestDatabase, type TestDatabase } from '@roster/db/testing';
import { spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';

const ADMIN = 'an-operator-chosen-admin-token-0123456789';
const SUBSCRIPTION = 'subscription { provisioningEvents { sequence type } }';

// Real processes: allow for a loaded 2-core machine (the whole suite runs at once).
describe('npm start (services/server main)', { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-main-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('serves /healthz on embedded PGlite with no environment, prints a bootstrap token once, and keeps data across a restart', async () => {
    const first = await spawnServer({ DATA_DIR: dataDir });
    const health = await waitForHealth(first);
    expect(health).toMatchObject({ status: 'ok', database: { kind: 'pglite', reachable: true, migrations: { upToDate: true } } });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const token = /\n {2}(rtok_\S+)\n/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    expect(first.output().match(/rtok_/g)).toHaveLength(1);
    expect(first.output()).toContain('"msg":"stopped"');

    const second = await spawnServer({ DATA_DIR: dataDir });
    await waitForHealth(second);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toContain('rtok_');
    expect(second.output()).toContain('schema up to date');
  });

  it('refuses to start on the data folder of a running server, and starts at once after that one was SIGKILLed, with its data', async () => {
    const folder = await realpath(await mkdtemp(join(tmpdir(), 'roster-main-lock-')));
    const started: ServerProcess[] = [];
    const start = async (env: Record<string, string>) => {
      const server = await spawnServer(env);
      started.push(server);
      return server;
    };
    try {
      const first = await start({ DATA_DIR: folder });
      await waitForHealth(first);
      const token = /\n {2}(rtok_\S+)\n/.exec(first.output())![1]!;

      const second = await start({ DATA_DIR: folder });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(
        `roster: could not start: The data folder ${folder} is in use by another process (PID ${first.child.pid})`,
      );
      expect(second.output()).toContain('"code":"DATA_DIR_LOCKED"');
      expect(await viewer(first.port, token)).toEqual({ data: { viewer: { permissions: ['APPLICATION_ADMIN'] } } });

      first.child.kill('SIGKILL');
      await first.exited;
      const third = await start({ DATA_DIR: folder });
      await waitForHealth(third);
      // The bootstrap token the first one stored is there, so no new one was made.
      expect(await viewer(third.port, token)).toEqual({ data: { viewer: { permissions: ['APPLICATION_ADMIN'] } } });
      expect(third.output()).not.toContain('rtok_');
      third.child.kill('SIGTERM');
      expect(await third.exited).toBe(0);
    } finally {
      for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      await rm(folder, { recursive: true, force: true });
    }
  });

  describe('after SIGTERM', () => {
    let folder: string;
    let server: ServerProcess | undefined;
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), 'roster-main-stop-'));
    });
    afterEach(() => {
      if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    });
    afterAll(async () => rm(folder, { recursive: true, force: true }));

    it('exits once nobody reads its stdout any more (EPIPE)', async () => {
      server = await spawnServer({ DATA_DIR: folder, ADMIN_TOKEN: ADMIN });
      await waitForHealth(server);
      server.child.stdout!.destroy(); // what it writes there from now on fails with EPIPE
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    });

    it('ends open subscriptions (graphql-ws and SSE) at once instead of waiting for them as in-flight requests', async () => {
      server = await spawnServer({ DATA_DIR: folder, ADMIN_TOKEN: ADMIN });
      await waitForHealth(server);
      const overWebSocket = subscribeOverWebSocket(server.port);
      await overWebSocket.subscribed;
      const subscription = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ query: SUBSCRIPTION }),
      });
      expect(subscription.headers.get('content-type')).toContain('text/event-stream');
      const ended = readToEnd(subscription.body!);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(await ended).toBe('ended');
      expect(await overWebSocket.ended).toBe('ended');
      expect(server.output()).toContain('"msg":"stopped"');
      expect(server.output()).not.toContain('did not finish in time');
    });

    it('exits while its stdout is full and its reader reads nothing', async () => {
      server = await spawnServer({ DATA_DIR: folder, ADMIN_TOKEN: ADMIN });
      await waitForHealth(server);
      server.child.stdout!.pause();
      // Every refused SCIM request is logged: together, far more than a pipe holds.
      for (let i = 0; i < 4_000; i++)
        await fetch(`http://127.0.0.1:${server.port}/scim/v2/bim/Users`, { headers: { authorization: 'Bearer wrong' } });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    });
  });

  it('fails fast with a readable message on a bad PORT', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, PORT: 'http' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: must be a port number');
  });

  it('fails fast with a readable message when PostgreSQL is unreachable', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://roster@127.0.0.1:1/roster' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(
      /could not start: Cannot connect to PostgreSQL at postgresql:\/\/127\.0\.0\.1:1\/roster: .*ECONNREFUSED/,
    );
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://127.0.0.1/roster' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DATABASE_URL: must be a URL like postgres://');
  });

  describe('on PostgreSQL', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createPostgresTestDatabase();
    });
    afterAll(async () => db?.close());

    it('migrates and serves /healthz from DATABASE_URL', async () => {
      const server = await spawnServer({
        DATA_DIR: dataDir,
        DATABASE_URL: db.url!,
        ADMIN_TOKEN: 'an-operator-chosen-admin-token-0123456789',
      });
      const health = await waitForHealth(server);
      expect(health).toMatchObject({ status: 'ok', database: { kind: 'postgresql', migrations: { upToDate: true } } });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      expect(server.output()).not.toContain('rtok_');
      expect(server.output()).not.toContain('an-operator-chosen-admin-token');
    });
  });
});

async function viewer(port: number, token: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ viewer { permissions } }' }),
  });
  return response.json();
}

/** Reads a response body until it ends, cleanly or not. */
async function readToEnd(body: ReadableStream<Uint8Array>): Promise<'ended'> {
  const reader = body.getReader();
  try {
    while (!(await reader.read()).done);
  } catch {
    // the connection was closed under it: ended all the same
  }
  return 'ended';
}

/** A graphql-ws client subscribed to the event log; `ended` once the server closed it. */
function subscribeOverWebSocket(port: number) {
  let subscribed!: () => void;
  const ready = new Promise<void>((resolve) => (subscribed = resolve));
  const ended = new Promise<'ended'>((resolve) => {
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ADMIN}` },
      retryAttempts: 0,
      on: { connected: () => subscribed(), closed: () => resolve('ended') },
    });
    client.subscribe({ query: SUBSCRIPTION }, { next: () => {}, error: () => {}, complete: () => {} });
  });
  return { subscribed: ready, ended };
}
