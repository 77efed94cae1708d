import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { printTable, row, time, type BenchRow } from './measure.ts';

// Ceilings are Roster's own budgets for the identity store on this 2-core machine: a SCIM or LDAP
// write is one of these operations, so they bound provisioning throughput.
const CEILINGS = { createUser: 15, addMembers100: 150, eventPage500: 50, findByUserName: 5 } as const;

async function benchBackend(backend: string, open: () => Promise<TestDatabase>): Promise<BenchRow[]> {
  const db = await open();
  try {
    const roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    const { iam } = await roster.createIam({ displayName: 'Bench SAML', type: 'SAML', settings: { groupPermissions: [{ group: 'g', permissions: ['AUDIT'] }] } });
    const users: string[] = [];
    const create = await time(300, async (i) => {
      const user = await roster.createUser(iam.id, { userName: `user-${i}@bench.test`, emails: [{ value: `user-${i}@bench.test`, type: 'work', primary: true }] }, 'SCIM');
      users.push(user.id);
    });
    const lookups = await time(300, (i) => roster.read((r) => r.users.findByUserName(iam.id, `USER-${Math.max(i, 0)}@bench.test`)));
    const groups = await time(10, async (i) => {
      const group = await roster.createGroup(iam.id, { displayName: i < 0 ? `warm${i}` : 'g' + (i === 0 ? '' : i) });
      await roster.addMembers(group.id, users.slice(0, 100));
    });
    const pages = await time(50, () => roster.events.readAfter({ after: 0, limit: 500 }));
    return [
      row('createUser (with event)', backend, create, CEILINGS.createUser),
      row('findByUserName', backend, lookups, CEILINGS.findByUserName),
      row('createGroup + addMembers(100)', backend, groups, CEILINGS.addMembers100),
      row('event log page (500)', backend, pages, CEILINGS.eventPage500),
    ];
  } finally {
    await db.close();
  }
}

const rows = [
  ...(await benchBackend('PGlite', createPgliteTestDatabase)),
  ...(await benchBackend('PostgreSQL', createPostgresTestDatabase)),
];
printTable('Identity store (ratio = mean / ceiling; ≤ 1.00 is within budget)', rows);
