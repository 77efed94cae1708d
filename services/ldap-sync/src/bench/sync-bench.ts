import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyMigrations, openDatabase } from '@roster/db';
import { createPostgresTestDatabase } from '@roster/db/testing';
import { oktaTreeLdif, startTestSlapd } from '../testing/index.ts';
import type { BackendResult, BenchDatabase } from './bench-backend.ts';
import { bundleChild } from './bundle-child.ts';

// `npm run bench`: an Okta-shaped directory of BENCH_LDAP_USERS users (default 100,000, the issue's
// size: about 5 minutes on a 2-core machine) and 1 group per 100 users, synced on PostgreSQL and on PGlite
// (BENCH_BACKENDS), each in its own child process on plain node so peak RSS is its own. The
// databases are created and migrated here, so the children run no schema engine. The ceiling is a
// plain paged ldapsearch of the same tree in the same run.
const run = promisify(execFile);
const USERS = Number(process.env['BENCH_LDAP_USERS'] ?? 100_000);
const BACKENDS = parseBackends(process.env['BENCH_BACKENDS'] ?? 'PostgreSQL,PGlite');
const SUFFIX = 'dc=bench,dc=okta,dc=com';

const [slapd, child] = await Promise.all([
  startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: USERS, groups: Math.max(1, USERS / 100) }) }),
  bundleChild(),
]);
const dataDir = await mkdtemp(join(tmpdir(), 'roster-ldap-bench-'));
try {
  const started = performance.now();
  await run(
    'ldapsearch',
    [
      '-x',
      '-LLL',
      '-H',
      slapd.url,
      '-D',
      slapd.adminDn,
      '-w',
      slapd.adminPassword,
      '-b',
      `ou=users,${SUFFIX}`,
      '-E',
      'pr=1000/noprompt',
      '(objectClass=inetOrgPerson)',
    ],
    { maxBuffer: 1 << 30 },
  );
  const ceiling = USERS / ((performance.now() - started) / 1_000);
  const results: BackendResult[] = [];
  for (const backend of BACKENDS) {
    const database = await prepareDatabase(backend, dataDir);
    try {
      const nodeOptions = process.env['BENCH_NODE_OPTIONS']?.split(' ').filter(Boolean) ?? [];
      const { stdout } = await run(process.execPath, [...nodeOptions, child], {
        env: {
          ...process.env,
          BENCH_LDAP_USERS: String(USERS),
          BENCH_DATABASE: JSON.stringify(database.target),
          BENCH_SLAPD: JSON.stringify(slapd),
        },
        maxBuffer: 1 << 24,
      });
      // BENCH_CHILD_LOG=<file>: keep what the child printed (e.g. with BENCH_NODE_OPTIONS=--trace-gc).
      if (process.env['BENCH_CHILD_LOG']) await writeFile(`${process.env['BENCH_CHILD_LOG']}.${backend}`, stdout);
      results.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as BackendResult);
    } finally {
      await database.close();
    }
  }
  printTable(ceiling, results);
} finally {
  await slapd.destroy();
  await rm(dataDir, { recursive: true, force: true });
}

/**
 * BENCH_BACKENDS, case-insensitively, `postgres`/`pg` for PostgreSQL. An unknown name stops the
 * bench: it once fell through to PGlite, so a "postgres" row measured PGlite (its WebAssembly heap
 * made the "external" memory and the RSS before the sync).
 */
function parseBackends(list: string): BenchDatabase['backend'][] {
  const names: Record<string, BenchDatabase['backend']> = {
    postgresql: 'PostgreSQL',
    postgres: 'PostgreSQL',
    pg: 'PostgreSQL',
    pglite: 'PGlite',
  };
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const backend = names[name.toLowerCase()];
      if (!backend) throw new Error(`BENCH_BACKENDS: unknown backend "${name}" (PostgreSQL or PGlite).`);
      return backend;
    });
}

/** A migrated, empty database for one backend: a fresh PostgreSQL database, or a PGlite data folder. */
async function prepareDatabase(backend: BenchDatabase['backend'], dir: string): Promise<{ target: BenchDatabase; close(): Promise<void> }> {
  if (backend === 'PostgreSQL') {
    const db = await createPostgresTestDatabase();
    return { target: { backend, location: db.url! }, close: () => db.close() };
  }
  const location = join(dir, 'pglite');
  const db = await openDatabase({ dataDir: location });
  try {
    await applyMigrations(db.adapterFactory);
  } finally {
    await db.close();
  }
  return { target: { backend, location }, close: async () => {} };
}

function printTable(ceiling: number, results: readonly BackendResult[]): void {
  const rows = [['operation', 'backend', 'measured', 'target', 'ldapsearch ceiling', 'ratio to ceiling', 'runs']];
  rows.push(['paged ldapsearch', 'slapd', `${ceiling.toFixed(0)} users/s`, '-', `${ceiling.toFixed(0)} users/s`, '1.00', '-']);
  for (const r of results) {
    const rate = r.users / (r.fullMs / 1_000);
    const cpuRate = r.users / (r.fullCpuMs / 1_000);
    rows.push([
      `full sync ${r.users} users`,
      r.backend,
      `${rate.toFixed(0)} users/s`,
      '>= 2000 users/s',
      `${ceiling.toFixed(0)} users/s`,
      (rate / ceiling).toFixed(3),
      r.status,
    ]);
    const phases = Object.entries(r.phases)
      .map(([phase, ms]) => `${phase} ${(ms / 1_000).toFixed(1)} s`)
      .join(', ');
    rows.push([
      '  per CPU second of the sync process',
      r.backend,
      `${cpuRate.toFixed(0)} users/s`,
      '-',
      '-',
      '-',
      'wall time above includes waiting for the database and a busy machine',
    ]);
    const gcShare = ((100 * r.gc.pauseMs) / r.fullCpuMs).toFixed(1);
    rows.push([
      '  GC pauses of the full sync',
      r.backend,
      `${(r.gc.pauseMs / 1_000).toFixed(1)} s`,
      '-',
      '-',
      '-',
      `${gcShare} % of its CPU time; ${r.gc.major} mark-compacts, ${r.gc.minor} scavenges`,
    ]);
    rows.push([`  phases ended at`, r.backend, `${phases}, done ${(r.fullMs / 1_000).toFixed(1)} s`, '-', '-', '-', '']);
    const live = r.peaks['liveHeap']
      ? `, live after GC ${r.peaks['liveHeap']} MB (${r.peaks['liveHeapBeforeSync']} MB before the sync)`
      : '';
    const heap = `heap ${r.peaks['heapUsed']} MB used / ${r.peaks['heapTotal']} MB, external ${r.peaks['external']} MB${live}; RSS before the sync ${r.peaks['rssBeforeSync']} MB (heap ${r.peaks['heapBeforeSync']} MB), peak at ${((r.peaks['rssPeakAtMs'] ?? 0) / 1_000).toFixed(1)} s`;
    rows.push([
      'full sync peak RSS',
      r.backend,
      `${r.peakRssMb.toFixed(0)} MB`,
      '< 300 MB',
      '-',
      '-',
      `${heap}; heap setting ${r.heapSetting}`,
    ]);
    if (r.sql) {
      const kinds = Object.entries(r.sql.byKind)
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 14)
        .map(([kind, v]) => `${kind} ${v.count}× ${(v.ms / 1_000).toFixed(1)} s`)
        .join(', ');
      rows.push(['  SQL statements of the full sync', r.backend, `${r.sql.statements}`, '-', '-', '-', `round trips by kind: ${kinds}`]);
    }
    rows.push(['delta sync, 100 changes', r.backend, `${(r.deltaMs / 1_000).toFixed(2)} s`, '< 5 s', '-', '-', '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  // BENCH_SQL_SAMPLES=1: one statement of each kind, to tell which code sends it.
  if (process.env['BENCH_SQL_SAMPLES'])
    for (const r of results) for (const [kind, v] of Object.entries(r.sql?.byKind ?? {})) console.log(`${kind}: ${v.sample}`);
  console.log(`\nLDAP sync benchmark (${USERS} users)`);
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
