import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { BackendResult } from './graphql-bench-backend.ts';

// Issue 3's benchmark: users(first: 50) with groups against a bare yoga `{ __typename }` served
// the same way in the same run (the ceiling), and live fan-out from commit to delivery. Each
// backend runs in a process of its own (graphql-bench-backend.ts).
async function runBackend(backend: string): Promise<BackendResult> {
  const child = fork(new URL('./graphql-bench-backend.ts', import.meta.url), {
    execArgv: process.execArgv,
    stdio: 'inherit',
    env: { ...process.env, BENCH_BACKEND: backend },
  });
  const results: BackendResult[] = [];
  child.on('message', (result: BackendResult) => results.push(result));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 || !results[0]) throw new Error(`The ${backend} run of the GraphQL benchmark failed (exit code ${code}).`);
  return results[0];
}

// BENCH_BACKENDS=postgresql runs one backend only (BENCH_USERS and BENCH_SUBSCRIBERS size the run).
const backends = ['PGlite', 'PostgreSQL'];
const only = process.env['BENCH_BACKENDS']
  ?.toLowerCase()
  .split(',')
  .map((name) => (name === 'postgres' ? 'postgresql' : name));
const unknown = only?.filter((name) => !backends.some((backend) => backend.toLowerCase() === name));
if (unknown?.length) throw new Error(`Unknown BENCH_BACKENDS: ${unknown.join(', ')} (known: ${backends.join(', ')}).`);
const results: BackendResult[] = [];
for (const name of backends) if (!only || only.includes(name.toLowerCase())) results.push(await runBackend(name));
const { users, groups, subscribers, concurrency } = results[0]!;
console.log(
  `\nGraphQL (${users} users in ${groups} groups, concurrency ${concurrency}; ratio = users page rate / bare yoga rate, target >= 0.25 on PostgreSQL)`,
);
console.log('backend     bare req/s  users-page req/s  page p99 ms  ratio  target  cpu ms/req: bare  page');
for (const r of results) {
  console.log(
    `${r.backend.padEnd(10)}  ${r.ceiling.perSecond.toFixed(0).padStart(10)}  ${r.page.perSecond.toFixed(0).padStart(16)}  ${r.page.p99Ms.toFixed(1).padStart(11)}  ${(r.page.perSecond / r.ceiling.perSecond).toFixed(2).padStart(5)}  ${(r.page.perSecond / r.ceiling.perSecond / 0.25).toFixed(2).padStart(5)}x  ${r.ceiling.cpuMsPerRequest.toFixed(2).padStart(15)}  ${r.page.cpuMsPerRequest.toFixed(2).padStart(4)}`,
  );
}
console.log(
  `\nFan-out (${subscribers} graphql-ws subscribers in another process, 20 commits; ceiling p99 100 ms from commit to delivery, ratio = p99 / 100 ms)`,
);
console.log('backend     delivered  p50 ms  p99 ms  ratio  from write call: p50 ms  p99 ms');
for (const r of results) {
  const f = r.fanout;
  console.log(
    `${r.backend.padEnd(10)}  ${`${f.delivered}/${f.expected}`.padStart(9)}  ${f.p50Ms.toFixed(1).padStart(6)}  ${f.p99Ms.toFixed(1).padStart(6)}  ${(f.p99Ms / 100).toFixed(2).padStart(5)}  ${f.fromCall.p50Ms.toFixed(1).padStart(23)}  ${f.fromCall.p99Ms.toFixed(1).padStart(6)}`,
  );
}
