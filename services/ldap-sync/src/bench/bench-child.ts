import type { TestSlapd } from '../testing/index.ts';
import { benchBackend, type BenchDatabase } from './bench-backend.ts';

// One backend's run of the LDAP sync benchmark; sync-bench.ts bundles this file and runs it with
// plain node, and reads the last line of its output.
const target = JSON.parse(process.env['BENCH_DATABASE']!) as BenchDatabase;
const slapd = JSON.parse(process.env['BENCH_SLAPD']!) as TestSlapd;
const result = await benchBackend(target, slapd, Number(process.env['BENCH_LDAP_USERS']));
process.stdout.write(`${JSON.stringify(result)}\n`);
