import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { printTable, row, time, type BenchRow } from './measure.ts';

// Ceilings are Roster's own budgets for the identity store on this 2-core machine: a SCIM or LDAP
// write is one of these operations, so they bound provisioning throughput.
// Re-deriving a page of 500 users after a schema change: 500 ms, i.e. 1,000 users/s, 100,000 users
// in under two minutes while the administrator's updateIam waits.
const CEILINGS = { createUser: 15, addMembers100: 150, eventPage500: 50, findByUserName: 5, rederivePage500: 500 } as const;
const REDERIVE_USERS = Number(process.env['BENCH_REDERIVE_USERS'] ?? 20_000);

async function benchBackend(backend: string, open: () => Promise<TestDatabase>): Promise<BenchRow[]> {
  const db = await open();
  try {
    const roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    const { iam } = await roster.createIam({
      displayName: 'Bench SAML',
      type: 'SAML',
      settings: { groupPermissions: [{ group: 'g', permissions: ['AUDIT'] }] },
    });
    const users: string[] = [];
    const create = await time(300, async (i) => {
      const user = await roster.createUser(
        iam.id,
        { userName: `user-${i}@bench.test`, emails: [{ value: `user-${i}@bench.test`, type: 'work', primary: true }] },
        'SCIM',
      );
      users.push(user.id);
    });
    const lookups = await time(300, (i) => roster.read((r) => r.users.findByUserName(iam.id, `USER-${Math.max(i, 0)}@bench.test`)));
    const groups = await time(10, async (i) => {
      const group = await roster.createGroup(iam.id, { displayName: i < 0 ? `warm${i}` : 'g' + (i === 0 ? '' : i) });
      await roster.addMembers(group.id, users.slice(0, 100));
    });
    const pages = await time(50, () => roster.events.readAfter({ after: 0, limit: 500 }));
    const rederive = await rederivePages(roster);
    return [
      row('createUser (with event)', backend, create, CEILINGS.createUser),
      row('findByUserName', backend, lookups, CEILINGS.findByUserName),
      row('createGroup + addMembers(100)', backend, groups, CEILINGS.addMembers100),
      row('event log page (500)', backend, pages, CEILINGS.eventPage500),
      row(`re-derive 500 users after a schema change (of ${REDERIVE_USERS})`, backend, rederive, CEILINGS.rederivePage500),
    ];
  } finally {
    await db.close();
  }
}

/**
 * Time per page of 500 users of updateIam re-deriving an LDAP IAM's users from their kept entries:
 * each sample changes the attribute schema and the profile schema, so every user changes.
 */
async function rederivePages(roster: Awaited<ReturnType<typeof createTestRoster>>): Promise<number[]> {
  const { iam } = await roster.createIam({ displayName: 'Bench LDAP', type: 'LDAP', settings: { syncAttributes: true } });
  for (let from = 0; from < REDERIVE_USERS; from += 1_000) {
    await roster.createUsers(
      iam.id,
      Array.from({ length: Math.min(1_000, REDERIVE_USERS - from) }, (_, k) => {
        const n = from + k;
        return {
          userName: `u${n}`,
          sourceAttributes: {
            uid: [`u${n}`],
            cn: [`User ${n}`],
            sn: [`N${n}`],
            mail: [`u${n}@bench.test`],
            title: ['Engineer'],
            departmentNumber: [`D${n % 10}`],
            objectClass: ['inetOrgPerson'],
          },
        };
      }),
      'LDAP',
    );
  }
  const pages = Math.ceil(REDERIVE_USERS / 500);
  return time(
    4,
    async (i) => {
      const key = i % 2 === 0 ? 'department' : 'dept';
      await roster.updateIam(iam.id, {
        settings: {
          attributeSchema: [{ source: 'departmentNumber', prefix: 'ldap', key }],
          profileSchema: i % 2 === 0 ? { title: 'title' } : {},
        },
      });
    },
    0,
  ).then((timings) => timings.map((ms) => ms / pages));
}

const rows = [
  ...(await benchBackend('PGlite', createPgliteTestDatabase)),
  ...(await benchBackend('PostgreSQL', createPostgresTestDatabase)),
];
printTable('Identity store (ratio = mean / ceiling; ≤ 1.00 is within budget)', rows);
