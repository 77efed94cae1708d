import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { attachGraphqlWebSocket, createGraphqlHandler } from '@roster/graphql';
import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { measureFanout } from './fanout.ts';
import { runLoad } from './load.ts';

// One backend's run of the GraphQL benchmark (graphql-bench.ts forks one process per backend, so
// a backend's measurement never carries another's heap, JIT state or connections): users(first: 50)
// with groups against a bare yoga `{ __typename }` served the same way in the same process (the
// ceiling), and live fan-out from commit to delivery.
const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
const GROUPS = 200;
const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1_000);
const CONCURRENCY = 32;
const USERS_PAGE =
  '{ users(iamId: "bench", first: 50) { edges { node { userName emails { value } groups(first: 5) { edges { node { displayName } } } } } } }';

async function seed(db: TestDatabase): Promise<void> {
  const now = new Date();
  const groups = Array.from({ length: GROUPS }, (_, i) => ({
    id: randomUUID(),
    iamId: 'bench',
    displayName: `group-${i}`,
    displayNameKey: `group-${i}`,
    createdAt: now,
    updatedAt: now,
  }));
  await db.prisma.group.createMany({ data: groups });
  for (let start = 0; start < USERS; start += 1_000) {
    const users = Array.from({ length: Math.min(1_000, USERS - start) }, (_, k) => {
      const i = start + k;
      return {
        id: randomUUID(),
        iamId: 'bench',
        userName: `user${i}@bench.test`,
        userNameKey: `user${i}@bench.test`,
        source: 'SCIM' as const,
        displayName: `User ${i}`,
        createdAt: now,
        updatedAt: now,
      };
    });
    await db.prisma.user.createMany({ data: users });
    await db.prisma.userEmail.createMany({
      data: users.map((u) => ({
        userId: u.id,
        position: 0,
        iamId: 'bench',
        value: u.userName,
        valueKey: u.userName,
        type: 'work',
        primary: true,
      })),
    });
    await db.prisma.membership.createMany({
      data: users.flatMap((u, k) => [
        { groupId: groups[(start + k) % GROUPS]!.id, userId: u.id },
        { groupId: groups[(start + k * 7 + 1) % GROUPS]!.id, userId: u.id },
      ]),
      skipDuplicates: true,
    });
  }
  // Statistics for the planner, as autovacuum gathers them on a running server within a minute of
  // a bulk load: the bench measures that steady state, not the first seconds after the load.
  await db.prisma.$executeRawUnsafe('ANALYZE');
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** What one backend measured. */
export type BackendResult = Awaited<ReturnType<typeof benchBackend>>;

async function benchBackend(backend: string, open: () => Promise<TestDatabase>) {
  const db = await open();
  const roster = await createTestRoster(db);
  await roster.ensureBuiltinIam();
  await roster.createIam({ displayName: 'Bench', id: 'bench', type: 'SAML' });
  await seed(db);
  const { token } = await roster.createApiToken({ name: 'bench', permissions: ['AUDIT'] });
  const services = { roster, publicUrl: 'http://bench' };
  const yoga = createGraphqlHandler(services);
  const bare = createYoga({ schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }), logging: false });
  const server = createServer(yoga.requestListener);
  const bareServer = createServer(bare.requestListener);
  const ws = attachGraphqlWebSocket(server, yoga);
  const [host, bareHost] = [await listen(server), await listen(bareServer)];
  const post =
    (url: string, query: string, headers: Record<string, string> = {}) =>
    async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
  const bareRequest = post(`http://${bareHost}/graphql`, '{ __typename }');
  const pageRequest = post(`http://${host}/graphql`, USERS_PAGE, { authorization: `Bearer ${token}` });
  // Unmeasured warm-up of both (V8's optimizing compiler, connection pools, compiled queries), so
  // the table shows a running server rather than its first seconds.
  await runLoad(1_000, CONCURRENCY, bareRequest);
  await runLoad(300, CONCURRENCY, pageRequest);
  const ceiling = await runLoad(3_000, CONCURRENCY, bareRequest);
  const page = await runLoad(600, CONCURRENCY, pageRequest);

  // Fan-out: SUBSCRIBERS graphql-ws clients in another process, 20 commits, time from each commit to each delivery.
  const fanout = await measureFanout({
    url: `ws://${host}/graphql`,
    token,
    subscribers: SUBSCRIBERS,
    commits: 20,
    spacingMs: 150,
    commit: async () => (await roster.createUser('bench', { userName: `fanout-${randomUUID()}` }, 'SCIM')).id,
  });
  await ws.close();
  server.closeAllConnections();
  bareServer.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => bareServer.close(r))]);
  await db.close();
  return { backend, users: USERS, groups: GROUPS, subscribers: SUBSCRIBERS, concurrency: CONCURRENCY, ceiling, page, fanout };
}

const OPEN = { PGlite: createPgliteTestDatabase, PostgreSQL: createPostgresTestDatabase } as const;
const backend = process.env['BENCH_BACKEND'] as keyof typeof OPEN;
if (!OPEN[backend]) throw new Error(`Unknown bench backend "${backend}".`);
process.send!(await benchBackend(backend, OPEN[backend]));
