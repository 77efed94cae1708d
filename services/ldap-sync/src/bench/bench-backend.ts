import { Attribute, Change } from 'ldapts';
import { createPgliteTestDatabase, createPostgresTestDatabase } from '@roster/db/testing';
import { adminClient, createOktaIam, openSyncFixture, userName, type TestSlapd } from '../testing/index.ts';

/** What one backend measured. */
export interface BackendResult {
  readonly backend: string;
  readonly fullMs: number;
  readonly users: number;
  readonly peakRssMb: number;
  readonly deltaMs: number;
  readonly status: string;
}

/**
 * Runs in a child process per backend so peak RSS is that backend's alone: a full sync of the
 * directory, then 100 changes and a delta sync.
 */
export async function benchBackend(backend: 'PostgreSQL' | 'PGlite', slapd: TestSlapd, users: number): Promise<BackendResult> {
  const fx = await openSyncFixture(backend === 'PGlite' ? createPgliteTestDatabase : createPostgresTestDatabase);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  try {
    const iam = await createOktaIam(fx.roster, slapd, { sync: { paging: { enabled: true, pageSize: 1_000 } } });
    const started = performance.now();
    const full = await fx.sync(iam.id, { mode: 'FULL' });
    const fullMs = performance.now() - started;
    const ldap = await adminClient(slapd);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // LDAP timestamps have one-second precision
    for (let n = 1; n <= 100; n += 1) {
      const dn = `uid=${userName(n)},ou=users,${slapd.suffix}`;
      await ldap.modify(dn, [new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: [`Changed ${Date.now()}`] }) })]);
    }
    await ldap.unbind();
    const deltaStart = performance.now();
    const delta = await fx.sync(iam.id, { mode: 'DELTA' });
    const deltaMs = performance.now() - deltaStart;
    return { backend, fullMs, users, peakRssMb: peak / 2 ** 20, deltaMs, status: `${full.status}/${delta.status} (${delta.counts.usersUpdated} updated)` };
  } finally {
    clearInterval(sampler);
    await fx.close();
  }
}
