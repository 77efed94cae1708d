import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Options, type Result } from 'autocannon';
import { TEST_POSTGRES_URL, withAdmin } from '@roster/db/testing';
import { spawnDenoServer, spawnServer, waitForHealth, type ServerProcess } from '@roster/server/testing';
import { seedUsers } from './seed-users.ts';

// Issue 13's benchmark: the built server (`node services/server/dist/main.js`, what `npm start`
// runs) on PostgreSQL, driven over real HTTP from this process as an IdP would. The ceiling is the
// same server's authenticated trivial SCIM route (/ServiceProviderConfig) in the same run, at the
// same concurrency. Issue 16: the same rows against the same build on Deno (`npm run start:deno`),
// in one table, and GraphQL's users(first: 50) against the same server's `{ __typename }`.
// BENCH_TOTAL_USERS sizes the IAM (100,000), BENCH_SECONDS each measurement (10), BENCH_RUNTIMES
// which runtimes run (node,deno); BENCH_NODE_ARGS go to the server's Node (`--cpu-prof
// --cpu-prof-dir=/tmp/prof` to profile it).
const TOTAL_USERS = Number(process.env['BENCH_TOTAL_USERS'] ?? 100_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const RUNTIMES = (process.env['BENCH_RUNTIMES'] ?? 'node,deno').split(',').map((r) => r.trim());
const WARM_UP_SECONDS = 3;
const ADMIN = `bench-admin-${randomBytes(12).toString('hex')}`;

interface Measured {
  readonly runtime: string;
  readonly operation: string;
  readonly connections: number;
  readonly perSecond: number;
  readonly p99Ms: number;
  readonly target: string;
  readonly ratio: number;
  readonly meets: number;
}

/** Runs autocannon and fails on any error or non-2xx answer: a fast failure is not a fast answer. */
async function load(options: Options): Promise<Result> {
  const result = await autocannon({ duration: SECONDS, ...options });
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(`${options.title}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  return result;
}

/** The server on `runtime` on a fresh database holding TOTAL_USERS users, measured; then gone. */
async function measure(runtime: string): Promise<Measured[]> {
  const name = `roster_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'roster-http-bench-'));
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const env = {
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    ADMIN_TOKEN: ADMIN,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
  let server: ServerProcess | undefined;
  try {
    if (runtime === 'deno') server = await spawnDenoServer(env);
    else if (runtime === 'node') server = await spawnServer(env, process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []);
    else throw new Error(`Unknown runtime in BENCH_RUNTIMES: ${runtime} (node, deno)`);
    await waitForHealth(server, 90_000);
    const base = `http://127.0.0.1:${server.port}`;
    const created = (await (
      await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { createIam(input: { displayName: "Bench", type: SAML, scim: { enabled: true } }) { scimToken iam { id } } }',
        }),
      })
    ).json()) as { data: { createIam: { scimToken: string; iam: { id: string } } } };
    const { scimToken, iam } = created.data.createIam;
    const scim = `${base}/scim/v2/${iam.id}`;
    const headers = { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' };
    await seedUsers(url.toString(), iam.id, TOTAL_USERS);

    const floorAt = (connections: number, duration = SECONDS) =>
      load({ title: `floor c=${connections}`, url: `${scim}/ServiceProviderConfig`, headers, connections, duration });
    let createSeq = 0;
    const create = () =>
      load({
        title: 'creates',
        url: `${scim}/Users`,
        connections: 16,
        headers,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const userName = `created-${(createSeq += 1)}@bench.test`;
              return {
                ...request,
                body: JSON.stringify({
                  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
                  userName,
                  name: { givenName: 'B', familyName: 'Ench' },
                  emails: [{ value: userName, type: 'work', primary: true }],
                  active: true,
                }),
              };
            },
          },
        ],
      });
    let lookupSeq = 0;
    const lookup = (connections: number, duration = SECONDS) =>
      load({
        title: `lookups c=${connections}`,
        duration,
        url: scim,
        connections,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              lookupSeq += 1;
              const filter = `userName eq "SEED-${((lookupSeq * 7919) % TOTAL_USERS) + 1}@bench.test"`;
              return { ...request, path: `/scim/v2/${iam.id}/Users?filter=${encodeURIComponent(filter)}` };
            },
          },
        ],
      });
    const graphql = (title: string, query: string, duration = SECONDS) =>
      load({
        title,
        duration,
        url: `${base}/graphql`,
        connections: 16,
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
    // As issue 3's page: no totalCount (a count of the IAM's 100,000 users is its own cost, ~10 ms).
    const USERS_PAGE = `{ users(iamId: "${iam.id}", first: 50) { edges { node { id userName displayName emails { value } } } } }`;
    // Both routes are warmed first (JIT, prepared statements, pools), and each rate is compared with
    // the floor at the same concurrency: one at a time, a request is bound by its latency, not the CPU.
    await floorAt(16, WARM_UP_SECONDS);
    await lookup(16, WARM_UP_SECONDS);
    await graphql('graphql warm-up', USERS_PAGE, WARM_UP_SECONDS);
    const floor1 = await floorAt(1);
    const floor = await floorAt(16);
    const creates = await create();
    const lookups1 = await lookup(1);
    const lookups16 = await lookup(16);
    const typename = await graphql('graphql { __typename }', '{ __typename }');
    const usersPage = await graphql('graphql users(first: 50)', USERS_PAGE);

    const row = (operation: string, result: Result, connections: number, target: string, ratio: number, meets: number): Measured => ({
      runtime,
      operation,
      connections,
      perSecond: result.requests.average,
      p99Ms: result.latency.p99,
      target,
      ratio,
      meets,
    });
    const rate = (operation: string, result: Result, connections: number, share: number, ceiling: Result): Measured => {
      const ratio = result.requests.average / ceiling.requests.average;
      return row(operation, result, connections, `>= ${share} of floor`, ratio, ratio / share);
    };
    return [
      row('SCIM GET /ServiceProviderConfig (floor)', floor1, 1, 'reference', 1, 1),
      row('SCIM GET /ServiceProviderConfig (floor)', floor, 16, 'reference', 1, 1),
      rate('SCIM POST /Users (create)', creates, 16, 0.5, floor),
      rate('SCIM GET /Users?filter=userName eq', lookups1, 1, 0.7, floor1),
      rate('SCIM GET /Users?filter=userName eq', lookups16, 16, 0.7, floor),
      row(
        'SCIM userName eq lookup p99',
        lookups16,
        16,
        'p99 <= 50 ms',
        lookups16.latency.p99 / 50,
        50 / Math.max(lookups16.latency.p99, 1e-9),
      ),
      row('GraphQL { __typename } (floor)', typename, 16, 'reference', 1, 1),
      rate('GraphQL users(first: 50)', usersPage, 16, 0.25, typename),
    ];
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await rm(dataDir, { recursive: true, force: true });
  }
}

const rows: Measured[] = [];
for (const runtime of RUNTIMES) rows.push(...(await measure(runtime)));
console.log(
  `\nSCIM and GraphQL over real HTTP: the built server on PostgreSQL, ${TOTAL_USERS} users in the IAM, ${SECONDS} s per row (ratio = rate / floor rate of the same runtime at the same concurrency, or p99 / 50 ms; "meets" >= 1.00 meets the target)`,
);
const header = ['runtime', 'operation', 'conns', 'req/s', 'p99 ms', 'target', 'ratio', 'meets'];
const lines = rows.map((r) => [
  r.runtime,
  r.operation,
  String(r.connections),
  r.perSecond.toFixed(0),
  r.p99Ms.toFixed(1),
  r.target,
  r.ratio.toFixed(2),
  r.meets.toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const left = new Set([0, 1, 5]);
const format = (cells: string[]) => cells.map((c, i) => (left.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
console.log(`${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const line of lines) console.log(format(line));
