import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { oktaTreeLdif, startTestSlapd, type TestSlapd } from '../testing/index.ts';
import { benchBackend, type BackendResult } from './bench-backend.ts';

// `npm run bench`: an Okta-shaped directory of BENCH_LDAP_USERS users (default 20,000; the issue's
// 100,000 takes several minutes per backend on a 2-core machine: set BENCH_LDAP_USERS=100000) and
// 1 group per 100 users, synced on PostgreSQL and on PGlite, each in its own child process so peak
// RSS is its own. The ceiling is a plain paged ldapsearch of the same tree in the same run.
const run = promisify(execFile);
const USERS = Number(process.env['BENCH_LDAP_USERS'] ?? 20_000);
const SUFFIX = 'dc=bench,dc=okta,dc=com';

if (process.env['BENCH_CHILD']) {
  const slapd = JSON.parse(process.env['BENCH_SLAPD']!) as TestSlapd;
  const result = await benchBackend(process.env['BENCH_CHILD'] as 'PGlite' | 'PostgreSQL', slapd, USERS);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const slapd = await startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: USERS, groups: Math.max(1, USERS / 100) }) });
  try {
    const started = performance.now();
    await run('ldapsearch', ['-x', '-LLL', '-H', slapd.url, '-D', slapd.adminDn, '-w', slapd.adminPassword, '-b', `ou=users,${SUFFIX}`, '-E', 'pr=1000/noprompt', '(objectClass=inetOrgPerson)'], { maxBuffer: 1 << 30 });
    const ceiling = USERS / ((performance.now() - started) / 1_000);
    const results: BackendResult[] = [];
    for (const backend of ['PostgreSQL', 'PGlite']) {
      const { stdout } = await run(process.execPath, [...process.execArgv, process.argv[1]!], {
        env: { ...process.env, BENCH_CHILD: backend, BENCH_SLAPD: JSON.stringify(slapd) }, maxBuffer: 1 << 24,
      });
      results.push(JSON.parse(stdout.trim().split('\n').at(-1)!) as BackendResult);
    }
    printTable(ceiling, results);
  } finally {
    await slapd.destroy();
  }
}

function printTable(ceiling: number, results: readonly BackendResult[]): void {
  const rows = [['operation', 'backend', 'measured', 'target', 'ldapsearch ceiling', 'ratio to ceiling', 'runs']];
  rows.push(['paged ldapsearch', 'slapd', `${ceiling.toFixed(0)} users/s`, '-', `${ceiling.toFixed(0)} users/s`, '1.00', '-']);
  for (const r of results) {
    const rate = r.users / (r.fullMs / 1_000);
    rows.push([`full sync ${r.users} users`, r.backend, `${rate.toFixed(0)} users/s`, '>= 2000 users/s', `${ceiling.toFixed(0)} users/s`, (rate / ceiling).toFixed(3), r.status]);
    rows.push(['full sync peak RSS', r.backend, `${r.peakRssMb.toFixed(0)} MB`, '< 300 MB', '-', '-', '']);
    rows.push(['delta sync, 100 changes', r.backend, `${(r.deltaMs / 1_000).toFixed(2)} s`, '< 5 s', '-', '-', '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  console.log(`\nLDAP sync benchmark (${USERS} users)`);
  for (const [i, row] of rows.entries()) {
    console.log(row.map((cell, j) => cell.padEnd(widths[j]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
