import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase, freePort, startRedisServer, type TestDatabase } from '@roster/db/testing';
import { createLogger, loadConfig } from '@roster/runtime';
import { routeOf } from './metrics.ts';
import { startServer, type RunningServer } from './start-server.ts';

const METRICS_TOKEN = 'a-metrics-token-for-prometheus-0123456789';

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('/healthz, /readyz and /metrics on PostgreSQL and Redis', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let dataDir: string;
  let redisPort: number;
  let redis: ChildProcess;
  let server: RunningServer;
  const logLines: { msg?: string; suppressed?: number }[] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write: (chunk: Buffer, _enc, done) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as (typeof logLines)[number]);
        done();
      },
    }),
  );
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { status: response.status, text: await response.text() };
  };
  const ready = async () => {
    const { status, text } = await get('/readyz');
    return { status, body: JSON.parse(text) as { ready: boolean; checks: Record<string, { reachable: boolean }> } };
  };
  const metrics = async () => (await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).text;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'roster-observability-'));
    redisPort = await freePort();
    redis = await startRedisServer(redisPort);
    server = await startServer(
      loadConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        METRICS_TOKEN,
        SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
      { logger, announce: () => {} },
    );
  });
  afterAll(async () => {
    await server?.stop();
    redis?.kill('SIGKILL');
    await db?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready when the database and Redis answer', async () => {
    expect(await ready()).toEqual({
      status: 200,
      body: expect.objectContaining({
        ready: true,
        checks: {
          database: expect.objectContaining({
            kind: 'postgresql',
            reachable: true,
            migrations: expect.objectContaining({ upToDate: true }),
          }),
          redis: { reachable: true },
        },
      }),
    });
  });

  it('keeps /metrics behind METRICS_TOKEN', async () => {
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer not-the-metrics-token-at-all-0000' })).status).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
  });

  it('counts HTTP requests by route template and SCIM operations by IAM, operation and status', async () => {
    const { iam, scimToken } = await server.roster.createIam({ displayName: 'Metrics Okta', type: 'SAML', scim: { enabled: true } });
    const scim = (method: string, path: string, token: string, body?: unknown) =>
      fetch(`${server.url}/scim/v2/${iam.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const created = await scim('POST', '/Users', scimToken!, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@corp.example',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await scim('GET', `/Users/${id}`, scimToken!)).status).toBe(200);
    expect((await scim('GET', '/Users/00000000-0000-4000-8000-000000000000', scimToken!)).status).toBe(404);
    expect((await scim('GET', '/Users', 'a-wrong-token')).status).toBe(401);
    expect((await fetch(`${server.url}/made/up/${id}`)).status).toBe(404);

    const text = await metrics();
    const line = (name: string, labels: string) => new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1];
    expect(line('roster_scim_operations_total', `iam="${iam.id}",resource="Users",operation="create",status="201"`)).toBe('1');
    expect(line('roster_scim_operations_total', `iam="${iam.id}",resource="Users",operation="get",status="200"`)).toBe('1');
    expect(line('roster_scim_operations_total', `iam="${iam.id}",resource="Users",operation="get",status="404"`)).toBe('1');
    expect(line('roster_scim_operations_total', `iam="unauthenticated",resource="Users",operation="list",status="401"`)).toBe('1');
    expect(line('roster_http_request_duration_seconds_count', `method="GET",route="/scim/v2/:iamId/Users/:id",status="200"`)).toBe('1');
    expect(line('roster_http_request_duration_seconds_count', `method="GET",route="unmatched",status="404"`)).toBe('1');
    // No label anywhere holds a user id.
    expect(text).not.toContain(id);
    expect(line('roster_event_log_head', '')).toBeUndefined(); // a gauge without labels has no braces
    expect(new RegExp(`^roster_event_log_head ${await server.roster.events.lastSeq()}$`, 'm').test(text)).toBe(true);
    expect(line('roster_db_pool_connections', 'state="max"')).toBe('10');
    expect(line('roster_subscribers', 'state="live"')).toBe('0');
    expect(text).toMatch(/^roster_process_resident_memory_bytes \d+/m);
  });

  it('is not ready while Redis is down, stays alive, and is ready again when Redis is back', async () => {
    redis.kill('SIGKILL');
    await once(redis, 'exit');
    const down = await until(ready, (r) => r.status === 503);
    expect(down).toMatchObject({
      status: 503,
      body: { ready: false, checks: { database: { reachable: true }, redis: { reachable: false } } },
    });
    expect((await get('/healthz')).status).toBe(200);

    redis = await startRedisServer(redisPort);
    expect(await until(ready, (r) => r.status === 200)).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('starts while Redis is unreachable, serves, is not ready, and is ready once Redis answers', async () => {
    const port = await freePort();
    const alone = await startServer(
      loadConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
      { logger, announce: () => {} },
    );
    let late: ChildProcess | undefined;
    try {
      const readyOf = async () => {
        const response = await fetch(`${alone.url}/readyz`);
        return { status: response.status, body: (await response.json()) as { checks: Record<string, { reachable: boolean }> } };
      };
      expect(await readyOf()).toMatchObject({
        status: 503,
        body: { checks: { database: { reachable: true }, redis: { reachable: false } } },
      });
      expect((await fetch(`${alone.url}/healthz`)).status).toBe(200);
      // It serves meanwhile: Redis only carries "there is news" between processes.
      const { iam, scimToken } = await alone.roster.createIam({ displayName: 'No Redis yet', type: 'SAML', scim: { enabled: true } });
      const users = await fetch(`${alone.url}/scim/v2/${iam.id}/Users`, { headers: { authorization: `Bearer ${scimToken!}` } });
      expect(users.status).toBe(200);

      late = await startRedisServer(port);
      expect(await until(readyOf, (r) => r.status === 200)).toMatchObject({
        status: 200,
        body: { checks: { redis: { reachable: true } } },
      });
    } finally {
      await alone.stop();
      late?.kill('SIGKILL');
    }
  });

  it('PostgreSQL backends terminated mid-burst: requests in flight fail with a coded 503, nothing is half-applied, and it serves on without a restart', async () => {
    const { iam, scimToken } = await server.roster.createIam({
      displayName: 'Terminated',
      type: 'SAML',
      scim: { enabled: true },
      settings: { syncGroups: true },
    });
    const scim = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}/scim/v2/${iam.id}${path}`, {
        method,
        headers: { authorization: `Bearer ${scimToken!}`, 'content-type': 'application/scim+json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const member = async (i: number) =>
      (await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `member-${i}@corp.example` }))
        .body['id'] as string;
    const members = await Promise.all([0, 1, 2, 3, 4].map(member));
    const name = new URL(db.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.url!.replace(`/${name}`, '/postgres') });
    await admin.connect();
    const answers: { status: number; body: Record<string, unknown>; displayName: string }[] = [];
    try {
      // Eight IdP connections create groups of five members (one transaction each) while the
      // database's backends are terminated every 15 ms, until some requests have failed and many have not.
      let sent = 0;
      const deadline = Date.now() + 20_000;
      const enough = () => Date.now() > deadline || (answers.filter((a) => a.status === 503).length >= 3 && answers.length >= 120);
      const client = async () => {
        while (!enough()) {
          const displayName = `group-${(sent += 1)}`;
          const answer = await scim('POST', '/Groups', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
            displayName,
            members: members.map((value) => ({ value })),
          });
          answers.push({ ...answer, displayName });
        }
      };
      const terminator = (async () => {
        while (!enough()) {
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
            name,
          ]);
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
      })();
      await Promise.all([...Array.from({ length: 8 }, client), terminator]);
    } finally {
      await admin.end();
    }
    const failed = answers.filter((answer) => answer.status !== 201);
    expect(failed.length).toBeGreaterThan(0);
    // The outage is one warning (the next would come a minute later with the count), not a line per 503.
    expect(logLines.filter((line) => line.msg === 'SCIM requests refused: storage unavailable (503)')).toHaveLength(1);
    expect(logLines.filter((line) => line.msg === 'SCIM request failed')).toEqual([]);
    for (const answer of failed) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '503' });
    }
    // Every acknowledged group is there; every group that is there is whole: its five members and its creation event.
    const stored = await server.roster.readModel.listGroups({ iamId: iam.id, take: 1_000 });
    const storedNames = stored.map((group) => group.displayName);
    for (const answer of answers.filter((a) => a.status === 201)) expect(storedNames).toContain(answer.displayName);
    const relations = await server.roster.readModel.groupRelations(stored.map((group) => group.id));
    for (const group of stored) expect(relations.memberCounts.get(group.id) ?? 0).toBe(5);
    const events = await server.roster.events.readAfter({ after: 0, iamId: iam.id, types: ['GROUP_CREATED'], limit: 10_000 });
    const created = new Set(events.map((event) => event.subjectId));
    expect(stored.every((group) => created.has(group.id))).toBe(true);
    // And it serves on, without a restart.
    const after = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'after' });
    expect(after.status).toBe(201);
  });

  it('is not ready while the database refuses connections, stays alive, and is ready again without a restart', async () => {
    const name = new URL(db.url!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: db.url!.replace(`/${name}`, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      const down = await until(ready, (r) => r.status === 503);
      expect(down).toMatchObject({ status: 503, body: { ready: false, checks: { database: { reachable: false } } } });
      const health = JSON.parse((await get('/healthz')).text) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'unavailable', database: { reachable: false } });
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    expect(await until(ready, (r) => r.status === 200)).toMatchObject({ status: 200, body: { ready: true } });
  });
});

describe('route templates of the HTTP metric', () => {
  it('never puts an id in a label, and counts made-up paths as unmatched', () => {
    expect(routeOf('/scim/v2/okta/Users', 200)).toBe('/scim/v2/:iamId/Users');
    expect(routeOf('/scim/v2/okta/Users/5b1c', 404)).toBe('/scim/v2/:iamId/Users/:id');
    expect(routeOf('/scim/v2/okta/Groups/.search', 200)).toBe('/scim/v2/:iamId/Groups/.search');
    expect(routeOf('/scim/v2/okta/Schemas/urn:ietf:params:scim:schemas:core:2.0:User', 200)).toBe('/scim/v2/:iamId/Schemas/:id');
    expect(routeOf('/bim/iam/okta/saml/acs', 302)).toBe('/bim/iam/:iamId/saml/acs');
    expect(routeOf('/bim/iam/okta/anything-at-all', 404)).toBe('unmatched');
    expect(routeOf('/wp-login.php', 404)).toBe('unmatched');
    expect(routeOf('/graphql', 200)).toBe('/graphql');
  });
});
