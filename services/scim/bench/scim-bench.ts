import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createScimHandler } from '../src/create-scim-handler.ts';
import { printThroughputTable, runConcurrently, type ThroughputRow } from './bench-table.ts';

// Issue 4's benchmark: SCIM creates at concurrency 16 against plain single-row INSERTs through the
// same driver (the ceiling), membership PATCHes on a 50,000-member group, userName lookups among
// 100,000 users. Sizes can be lowered with BENCH_USERS / BENCH_TOTAL_USERS / BENCH_GROUP_SIZE.
const USERS = Number(process.env['BENCH_USERS'] ?? 10_000);
const TOTAL_USERS = Number(process.env['BENCH_TOTAL_USERS'] ?? 100_000);
const GROUP_SIZE = Number(process.env['BENCH_GROUP_SIZE'] ?? 50_000);
const CONCURRENCY = 16;
const URL_BASE = 'http://bench.local';

async function benchBackend(backend: string, open: () => Promise<TestDatabase>): Promise<ThroughputRow[]> {
  const db = await open();
  try {
    const roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    const { iam, scimToken } = await roster.createIam({
      displayName: `Bench ${backend}`,
      type: 'SAML',
      scim: { enabled: true },
      settings: { syncGroups: true },
    });
    const handler = createScimHandler({ roster, publicUrl: URL_BASE });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await handler(
        new Request(`${URL_BASE}/scim/v2/${iam.id}${path}`, {
          method,
          headers: { Authorization: `Bearer ${scimToken}`, 'Content-Type': 'application/scim+json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      );
      if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    const user = (name: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: name,
      name: { givenName: 'B', familyName: 'Ench' },
      emails: [{ value: name, type: 'work', primary: true }],
      active: true,
    });

    // The ceiling: single-row INSERTs of the same user row through the same Prisma driver adapter.
    const ceiling = await runConcurrently(
      USERS,
      CONCURRENCY,
      (i) => db.prisma.$executeRaw`
      INSERT INTO "User" (id, "iamId", "userName", "userNameKey", source, "updatedAt") VALUES (gen_random_uuid(), ${iam.id}, ${`ceiling-${i}`}, ${`ceiling-${i}`}, 'SCIM', now())`,
    );
    await db.prisma.$executeRaw`DELETE FROM "User" WHERE "iamId" = ${iam.id}`;
    const creates = await runConcurrently(USERS, CONCURRENCY, (i) => call('POST', '/Users', user(`user-${i}@bench.test`)));

    // Seed the rest of the 100,000 users and a 50,000-member group with SQL, then PATCH members in.
    const seed = Math.max(0, TOTAL_USERS - USERS);
    await db.prisma.$executeRaw`INSERT INTO "User" (id, "iamId", "userName", "userNameKey", source, "updatedAt")
      SELECT gen_random_uuid(), ${iam.id}, 'seed-' || g || '@bench.test', 'seed-' || g || '@bench.test', 'SCIM', now() FROM generate_series(1, ${seed}::int) g`;
    const big = (await (await call('POST', '/Groups', { displayName: 'Big' })).json()) as { id: string };
    const small = (await (await call('POST', '/Groups', { displayName: 'Small' })).json()) as { id: string };
    await db.prisma
      .$executeRaw`INSERT INTO "Membership" ("groupId", "userId") SELECT ${big.id}::uuid, id FROM "User" WHERE "iamId" = ${iam.id} AND "userName" LIKE 'seed-%' ORDER BY id LIMIT ${GROUP_SIZE}`;
    const pool = (
      await db.prisma.user.findMany({ where: { iamId: iam.id, userName: { startsWith: 'user-' } }, select: { id: true }, take: 1000 })
    ).map((u) => u.id);
    const patch = (groupId: string) => (i: number) =>
      call('PATCH', `/Groups/${groupId}?excludedAttributes=members`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: pool[i % pool.length] }] }],
      });
    const smallPatches = await runConcurrently(500, CONCURRENCY, patch(small.id));
    const bigPatches = await runConcurrently(500, CONCURRENCY, patch(big.id));
    const lookups = await runConcurrently(1000, 1, (i) =>
      call('GET', `/Users?filter=${encodeURIComponent(`userName eq "SEED-${((i * 97) % seed) + 1}@bench.test"`)}`),
    );

    return [
      {
        operation: 'INSERT one user row (ceiling)',
        backend,
        samples: USERS,
        ...ceiling,
        ceiling: { label: 'reference', value: ceiling.perSecond, kind: 'rate' },
      },
      {
        operation: `SCIM POST /Users, c=${CONCURRENCY}`,
        backend,
        samples: USERS,
        ...creates,
        ceiling: { label: `${ceiling.perSecond.toFixed(0)}/s INSERT`, value: ceiling.perSecond, kind: 'rate' },
      },
      {
        operation: `SCIM POST /Users vs target`,
        backend,
        samples: USERS,
        ...creates,
        ceiling: { label: '1500/s target', value: 1500, kind: 'rate' },
      },
      {
        operation: 'PATCH add member, 5-member group',
        backend,
        samples: 500,
        ...smallPatches,
        ceiling: { label: 'reference', value: smallPatches.perSecond, kind: 'rate' },
      },
      {
        operation: `PATCH add member, ${GROUP_SIZE}-member group`,
        backend,
        samples: 500,
        ...bigPatches,
        ceiling: { label: 'small-group rate', value: smallPatches.perSecond, kind: 'rate' },
      },
      {
        operation: `userName eq lookup, ${TOTAL_USERS} users`,
        backend,
        samples: 1000,
        ...lookups,
        ceiling: { label: 'p99 < 20 ms', value: 20, kind: 'latency' },
      },
    ];
  } finally {
    await db.close();
  }
}

const only = process.env['BENCH_BACKEND'];
const rows = [
  ...(only === 'postgres' ? [] : await benchBackend('PGlite', createPgliteTestDatabase)),
  ...(only === 'pglite' ? [] : await benchBackend('PostgreSQL', createPostgresTestDatabase)),
];
printThroughputTable('SCIM (ratio = measured / ceiling for rates, ceiling / p99 for latency; ≥ 1.00 meets it)', rows);
