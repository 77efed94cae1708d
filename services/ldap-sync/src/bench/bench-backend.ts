import { writeHeapSnapshot } from 'node:v8';
import { Attribute, Change } from 'ldapts';
import { openDatabase } from '@roster/db';
import { adminClient, createOktaIam, openSyncFixture, userName, type TestSlapd } from '../testing/index.ts';
import { startAllocationProfile } from './allocation-profile.ts';
import { startGcCensus, type GcCensus } from './gc-census.ts';
import { startSqlCensus, type SqlCensus } from './sql-census.ts';

/** Where a backend's database is: migrated by the parent, so this process runs no schema engine. */
export interface BenchDatabase {
  readonly backend: 'PostgreSQL' | 'PGlite';
  /** PostgreSQL URL, or PGlite data folder. */
  readonly location: string;
}

/** What one backend measured. */
export interface BackendResult {
  readonly backend: string;
  readonly fullMs: number;
  /** CPU time of this process during the full run (less sensitive to a busy machine than wall time). */
  readonly fullCpuMs: number;
  readonly users: number;
  readonly peakRssMb: number;
  readonly deltaMs: number;
  readonly status: string;
  /** Milliseconds from the start of the full run to the last progress of each phase. */
  readonly phases: Readonly<Record<string, number>>;
  /** Peak of each process.memoryUsage() figure, MB. */
  readonly peaks: Readonly<Record<string, number>>;
  /** Statements the full run sent (PostgreSQL only: PGlite takes no network client). */
  readonly sql: SqlCensus | null;
  /** Garbage collections during the full run. */
  readonly gc: GcCensus;
  /** The V8 heap setting the child ran with (a worker-only process's, unless BENCH_NODE_OPTIONS set one). */
  readonly heapSetting: string;
}

/**
 * Runs in a child process per backend so peak RSS is that backend's alone (and, bundled, without
 * the TypeScript loader's thread): a full sync of the directory, then 100 changes and a delta sync.
 */
export async function benchBackend(target: BenchDatabase, slapd: TestSlapd, users: number, heapSetting: string): Promise<BackendResult> {
  const { backend } = target;
  if (backend !== 'PostgreSQL' && backend !== 'PGlite') throw new Error(`Unknown bench backend "${String(backend)}".`);
  const database = await openDatabase(
    backend === 'PostgreSQL' ? { databaseUrl: target.location, dataDir: '' } : { dataDir: target.location },
  );
  const fx = await openSyncFixture(async () => ({ prisma: database.prisma, reader: database.reader, close: () => database.close() }));
  let peak = process.memoryUsage().rss;
  let startedAt = 0;
  const peaks: Record<string, number> = {};
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > peak && startedAt) peaks['rssPeakAtMs'] = Math.round(performance.now() - startedAt);
    peak = Math.max(peak, usage.rss);
    for (const [key, value] of Object.entries(usage))
      if (key !== 'rss') peaks[key] = Math.max(peaks[key] ?? 0, Math.round(value / 2 ** 20));
  }, 25);
  try {
    const pageSize = Number(process.env['BENCH_PAGE_SIZE'] ?? 1_000);
    const iam = await createOktaIam(fx.roster, slapd, { sync: { paging: { enabled: true, pageSize } } });
    const started = performance.now();
    startedAt = started;
    peaks['rssBeforeSync'] = Math.round(process.memoryUsage().rss / 2 ** 20);
    peaks['heapBeforeSync'] = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    // When each phase of the full run was last seen (ms since start): where the time goes.
    const phases: Record<string, number> = {};
    let live = 0;
    // Diagnostics (BENCH_NODE_OPTIONS=--expose-gc BENCH_LIVE_HEAP=1): the live heap after each page.
    const gc = process.env['BENCH_LIVE_HEAP'] ? (globalThis as { gc?: () => void }).gc : undefined;
    if (gc) {
      gc();
      peaks['liveHeapBeforeSync'] = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    }
    // BENCH_HEAP_SNAPSHOT=<file>: a heap snapshot once half the users are synced (what a run keeps alive).
    let snapshot = process.env['BENCH_HEAP_SNAPSHOT'];
    const cpu = process.cpuUsage();
    const stopCensus = backend === 'PostgreSQL' ? startSqlCensus() : null;
    const stopProfile = await startAllocationProfile(process.env['BENCH_ALLOCATION_PROFILE']);
    const stopGcCensus = startGcCensus();
    const full = await fx.sync(iam.id, {
      mode: 'FULL',
      onProgress: (_run, progress) => {
        phases[progress.phase] = Math.round(performance.now() - started);
        if (gc) {
          gc();
          live = Math.max(live, process.memoryUsage().heapUsed);
        }
        if (snapshot && progress.phase === 'users' && progress.entries >= users / 2) {
          writeHeapSnapshot(snapshot);
          snapshot = undefined;
        }
      },
    });
    const { user, system } = process.cpuUsage(cpu);
    const sql = stopCensus?.() ?? null;
    const gcCensus = await stopGcCensus();
    await stopProfile();
    const fullCpuMs = (user + system) / 1_000;
    const fullMs = performance.now() - started;
    const ldap = await adminClient(slapd);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // LDAP timestamps have one-second precision
    for (let n = 1; n <= 100; n += 1) {
      const dn = `uid=${userName(n)},ou=users,${slapd.suffix}`;
      await ldap.modify(dn, [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: [`Changed ${Date.now()}`] }) }),
      ]);
    }
    await ldap.unbind();
    const deltaStart = performance.now();
    const delta = await fx.sync(iam.id, { mode: 'DELTA' });
    const deltaMs = performance.now() - deltaStart;
    return {
      backend,
      fullMs,
      users,
      peakRssMb: peak / 2 ** 20,
      deltaMs,
      fullCpuMs,
      phases,
      peaks: { ...peaks, liveHeap: Math.round(live / 2 ** 20) },
      sql,
      gc: gcCensus,
      heapSetting,
      status: `${full.status}/${delta.status} (${delta.counts.usersUpdated} updated)`,
    };
  } finally {
    clearInterval(sampler);
    await fx.close();
  }
}
