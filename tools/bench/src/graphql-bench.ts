import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import { createSchema, createYoga } from 'graphql-yoga';
import WebSocket from 'ws';
import { attachGraphqlWebSocket, createGraphqlHandler } from '@roster/graphql';
import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { percentiles, runLoad } from './load.ts';

// Issue 3's benchmark: users(first: 50) with groups against a bare yoga `{ __typename }` served
// the same way in the same run (the ceiling), and live fan-out from commit to delivery.
const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
const GROUPS = 200;
const SUBSCRIBERS = Number(process.env['BENCH_SUBSCRIBERS'] ?? 1_000);
const CONCURRENCY = 32;
const USERS_PAGE = '{ users(iamId: "bench", first: 50) { edges { node { userName emails { value } groups(first: 5) { edges { node { displayName } } } } } } }';

async function seed(db: TestDatabase): Promise<void> {
  const now = new Date();
  const groups = Array.from({ length: GROUPS }, (_, i) => ({ id: randomUUID(), iamId: 'bench', displayName: `group-${i}`, displayNameKey: `group-${i}`, createdAt: now, updatedAt: now }));
  await db.prisma.group.createMany({ data: groups });
  for (let start = 0; start < USERS; start += 1_000) {
    const users = Array.from({ length: Math.min(1_000, USERS - start) }, (_, k) => {
      const i = start + k;
      return { id: randomUUID(), iamId: 'bench', userName: `user${i}@bench.test`, userNameKey: `user${i}@bench.test`, source: 'SCIM', displayName: `User ${i}`, createdAt: now, updatedAt: now };
    });
    await db.prisma.user.createMany({ data: users });
    await db.prisma.userEmail.createMany({ data: users.map((u) => ({ userId: u.id, position: 0, iamId: 'bench', value: u.userName, valueKey: u.userName, type: 'work', primary: true })) });
    await db.prisma.membership.createMany({ data: users.flatMap((u, k) => [{ groupId: groups[(start + k) % GROUPS]!.id, userId: u.id }, { groupId: groups[(start + k * 7 + 1) % GROUPS]!.id, userId: u.id }]), skipDuplicates: true });
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function benchBackend(backend: string, open: () => Promise<TestDatabase>) {
  const db = await open();
  const roster = await createTestRoster(db);
  await roster.ensureBuiltinIam();
  await roster.createIam({ displayName: 'Bench', id: 'bench', type: 'SAML' });
  await seed(db);
  const { token } = await roster.createApiToken({ name: 'bench', permissions: ['AUDIT'] });
  const services = { roster, prisma: db.prisma, publicUrl: 'http://bench' };
  const yoga = createGraphqlHandler(services);
  const bare = createYoga({ schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }), logging: false });
  const server = createServer(yoga);
  const bareServer = createServer(bare);
  const ws = attachGraphqlWebSocket(server, yoga as never, services);
  const [host, bareHost] = [await listen(server), await listen(bareServer)];
  const post = (url: string, query: string, headers: Record<string, string> = {}) => async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const ceiling = await runLoad(3_000, CONCURRENCY, post(`http://${bareHost}/graphql`, '{ __typename }'));
  const page = await runLoad(600, CONCURRENCY, post(`http://${host}/graphql`, USERS_PAGE, { authorization: `Bearer ${token}` }));

  // Fan-out: SUBSCRIBERS graphql-ws clients, 20 commits, time from the write call to each delivery.
  const pending = new Map<string, number>();
  const delays: number[] = [];
  const clients = Array.from({ length: SUBSCRIBERS }, () =>
    createClient({ url: `ws://${host}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 }),
  );
  let ready = 0;
  await Promise.all(clients.map((client) => new Promise<void>((resolve) => {
    client.subscribe<{ provisioningEvents: { subjectId: string } }>({ query: 'subscription { provisioningEvents(iamId: "bench") { subjectId } }' }, {
      next: (result) => {
        const started = pending.get(result.data!.provisioningEvents.subjectId);
        if (started !== undefined) delays.push(performance.now() - started);
      },
      error: () => {},
      complete: () => {},
    });
    client.on('connected', () => (++ready, resolve()));
  })));
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (let i = 0; i < 20; i += 1) {
    const id = randomUUID();
    const t0 = performance.now();
    const user = await roster.createUser('bench', { userName: `fanout-${id}` }, 'SCIM');
    pending.set(user.id, t0);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await Promise.all(clients.map((client) => client.dispose()));
  await ws.close();
  server.closeAllConnections();
  bareServer.closeAllConnections();
  await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => bareServer.close(r))]);
  await db.close();
  return { backend, ceiling, page, fanout: { ...percentiles(delays), delivered: delays.length, expected: 20 * ready } };
}

const results = [await benchBackend('PGlite', createPgliteTestDatabase), await benchBackend('PostgreSQL', createPostgresTestDatabase)];
console.log(`\nGraphQL (${USERS} users in ${GROUPS} groups, concurrency ${CONCURRENCY}; ratio = users page rate / bare yoga rate, target >= 0.25 on PostgreSQL)`);
console.log('backend     bare req/s  users-page req/s  page p99 ms  ratio  target');
for (const r of results) {
  console.log(`${r.backend.padEnd(10)}  ${r.ceiling.perSecond.toFixed(0).padStart(10)}  ${r.page.perSecond.toFixed(0).padStart(16)}  ${r.page.p99Ms.toFixed(1).padStart(11)}  ${(r.page.perSecond / r.ceiling.perSecond).toFixed(2).padStart(5)}  ${(r.page.perSecond / r.ceiling.perSecond / 0.25).toFixed(2)}x`);
}
console.log(`\nFan-out (${SUBSCRIBERS} graphql-ws subscribers, 20 commits; ceiling p99 100 ms, ratio = p99 / 100 ms)`);
console.log('backend     delivered  p50 ms  p99 ms  ratio');
for (const r of results) {
  console.log(`${r.backend.padEnd(10)}  ${`${r.fanout.delivered}/${r.fanout.expected}`.padStart(9)}  ${r.fanout.p50Ms.toFixed(1).padStart(6)}  ${r.fanout.p99Ms.toFixed(1).padStart(6)}  ${(r.fanout.p99Ms / 100).toFixed(2).padStart(5)}`);
}
