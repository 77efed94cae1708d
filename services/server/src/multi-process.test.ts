import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createPostgresTestDatabase, freePort, startRedisServer, type TestDatabase } from '@roster/db/testing';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { spawnServer, waitForHealth, type ServerProcess } from './testing/spawn-server.ts';

const ADMIN = 'a-shared-admin-token-for-every-process-0123';

interface SeenEvent {
  readonly sequence: number;
  readonly subjectId: string;
}

/**
 * Several Roster processes, as a deployment runs them: the built server (what `npm start` runs),
 * twice, on one PostgreSQL database and Redis. What one process writes, the other serves and
 * streams, in commit order, none twice — also across a SIGKILL in the middle of a burst.
 */
describe('two processes on one PostgreSQL and Redis', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let redisPort: number;
  let redis: ChildProcess;
  let folder: string;
  let env: Record<string, string>;
  const started: ServerProcess[] = [];
  let a: ServerProcess;
  let b: ServerProcess;
  let subscriber: Client;
  const seen: SeenEvent[] = [];
  let iamId: string;
  const probes: string[] = [];
  /** Users made before B's subscription was live: it never hears of them. */
  const unheard: string[] = [];
  let scimToken: string;

  const start = async (name: string) => {
    const server = await spawnServer({ ...env, DATA_DIR: join(folder, name) });
    started.push(server);
    await waitForHealth(server);
    return server;
  };
  const graphql = async (server: ServerProcess, query: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data: Record<string, any>; errors?: unknown };
  };
  /** A SCIM create on `server`; the id when it was acknowledged (201), null when the request failed. */
  const create = async (server: ServerProcess, userName: string): Promise<string | null> => {
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/scim/v2/${iamId}/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          emails: [{ value: userName, primary: true }],
        }),
      });
      if (response.status !== 201) return null;
      return ((await response.json()) as { id: string }).id;
    } catch {
      return null; // the process died under the request
    }
  };
  const burst = async (server: ServerProcess, prefix: string, count: number, concurrency: number, onAck?: (acked: number) => void) => {
    const acked: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const id = await create(server, `${prefix}-${(next += 1)}@corp.example`);
          if (id === null) continue;
          acked.push(id);
          onAck?.(acked.length);
        }
      }),
    );
    return acked;
  };
  const until = async (done: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const storedUserIds = async () =>
    (await db.prisma.user.findMany({ where: { iamId }, select: { id: true } })).map((user) => user.id).sort();

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    folder = await mkdtemp(join(tmpdir(), 'roster-multi-'));
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    env = {
      DATABASE_URL: db.url!,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      ADMIN_TOKEN: ADMIN,
      SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    };
    [a, b] = await Promise.all([start('a'), start('b')]);
  });
  afterAll(async () => {
    await subscriber?.dispose();
    for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await Promise.all(started.map((server) => server.exited));
    redis?.kill('SIGKILL');
    await db?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('an IAM made on one process is served by the other, with the SCIM token sealed by the first', async () => {
    const made = await graphql(
      a,
      'mutation { createIam(input: { displayName: "Okta", type: SAML, scim: { enabled: true } }) { scimToken iam { id } } }',
    );
    iamId = made.data['createIam'].iam.id;
    scimToken = made.data['createIam'].scimToken;
    expect((await graphql(b, `{ iam(id: "${iamId}") { id scim { enabled } } }`)).data).toEqual({
      iam: { id: iamId, scim: { enabled: true } },
    });
    unheard.push((await create(b, 'first@corp.example'))!);
    expect(unheard[0]).toEqual(expect.any(String));
  });

  it('a subscription on B receives every one of 200 SCIM creates made on A, in commit order, none twice', async () => {
    subscriber = createClient({
      url: `ws://127.0.0.1:${b.port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ADMIN}` },
    });
    subscriber.subscribe<{ provisioningEvents: SeenEvent }>(
      { query: `subscription { provisioningEvents(iamId: "${iamId}", types: [USER_CREATED]) { sequence subjectId } }` },
      {
        next: ({ data }) => data && seen.push(data.provisioningEvents),
        error: (error) => seen.push({ sequence: -1, subjectId: String(error) }),
        complete: () => {},
      },
    );
    // Live once a create made after subscribing arrives (the subscription starts from "now").
    await until(async () => {
      probes.push((await create(a, `probe-${probes.length}@corp.example`))!);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return seen.length > 0;
    }, 30_000);
    await until(() => seen.some((event) => event.subjectId === probes.at(-1)));
    unheard.push(...probes.filter((id) => !seen.some((event) => event.subjectId === id)));
    const before = seen.length;
    const acked = await burst(a, 'burst', 200, 8);
    expect(acked).toHaveLength(200);
    await until(() => seen.length >= before + 200);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would arrive now
    const received = seen.slice(before);
    expect(received).toHaveLength(200);
    expect(received.map((event) => event.subjectId).sort()).toEqual([...acked].sort());
    expect(received.every((event, i) => i === 0 || event.sequence > received[i - 1]!.sequence)).toBe(true);
  });

  it('A killed with SIGKILL mid-burst: every acknowledged create is there after restart, and B saw exactly the committed ones', async () => {
    let kill!: () => void;
    const halfway = new Promise<void>((resolve) => (kill = resolve));
    const running = burst(a, 'killed', 400, 8, (count) => count === 60 && kill());
    await halfway;
    a.child.kill('SIGKILL');
    const acked = await running;
    expect(acked.length).toBeGreaterThanOrEqual(60);
    expect(acked.length).toBeLessThan(400);

    a = await start('a-again');
    const stored = await storedUserIds();
    expect(stored).toEqual(expect.arrayContaining(acked));
    // B's subscription heard of every user that exists (the first one predates it), once each, in order.
    const committed = stored.filter((id) => !unheard.includes(id));
    await until(() => seen.length >= committed.length).catch((error: unknown) => {
      throw new Error(`B saw ${seen.length} of ${committed.length} creates: ${String(error)}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const heard = seen.map((event) => event.subjectId);
    expect(new Set(heard).size).toBe(heard.length);
    expect(seen.every((event, i) => i === 0 || event.sequence > seen[i - 1]!.sequence)).toBe(true);
    expect(heard.sort()).toEqual(committed);
    // And the restarted A serves on, and B hears of it before the next test counts what it hears.
    const afterRestart = await create(a, 'after-restart@corp.example');
    expect(afterRestart).not.toBeNull();
    await until(() => seen.some((event) => event.subjectId === afterRestart));
  });

  it('Redis killed: B still hears every create made on A (from its poll of the log), and is ready again once Redis is back', async () => {
    const ready = async (server: ServerProcess) => (await fetch(`http://127.0.0.1:${server.port}/readyz`)).status;
    redis.kill('SIGKILL');
    await once(redis, 'exit');
    await until(async () => (await ready(b)) === 503);
    const before = seen.length;
    const acked = await burst(a, 'no-redis', 20, 4);
    expect(acked).toHaveLength(20);
    await until(() => seen.length >= before + 20);
    expect(
      seen
        .slice(before)
        .map((event) => event.subjectId)
        .sort(),
    ).toEqual([...acked].sort());

    redis = await startRedisServer(redisPort);
    await until(async () => (await ready(a)) === 200 && (await ready(b)) === 200);
    const again = await burst(a, 'redis-back', 20, 4);
    await until(() => seen.length >= before + 40);
    expect(
      seen
        .slice(before + 20)
        .map((event) => event.subjectId)
        .sort(),
    ).toEqual([...again].sort());
    expect(seen.every((event, i) => i === 0 || event.sequence > seen[i - 1]!.sequence)).toBe(true);
  });
});
