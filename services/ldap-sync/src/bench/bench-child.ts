import { limitHeapGrowth } from '../heap-growth.ts';
import type { TestSlapd } from '../testing/index.ts';
import { benchBackend, type BenchDatabase } from './bench-backend.ts';

// One backend's run of the LDAP sync benchmark; sync-bench.ts bundles this file and runs it with
// plain node, and reads the last line of its output. It runs the sync with the heap setting of
// a worker-only server process (services/server/src/main.ts), or the one BENCH_NODE_OPTIONS gives (`--heap-growing-percent=0`: V8's own).
const heapSetting = limitHeapGrowth() ?? process.execArgv.join(' ');
const target = JSON.parse(process.env['BENCH_DATABASE']!) as BenchDatabase;
const slapd = JSON.parse(process.env['BENCH_SLAPD']!) as TestSlapd;
const result = await benchBackend(target, slapd, Number(process.env['BENCH_LDAP_USERS']), heapSetting);
process.stdout.write(`${JSON.stringify(result)}\n`);
