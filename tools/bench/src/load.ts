import { performance } from 'node:perf_hooks';

/** Requests/s and latency percentiles of a closed-loop load. */
export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** This process's CPU time per request (server and load generator together; not the database's). */
  readonly cpuMsPerRequest: number;
}

/** Sends `total` requests with `concurrency` in flight; each `send` must resolve when its response is read. */
export async function runLoad(total: number, concurrency: number, send: () => Promise<void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        await send();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    ...percentiles(latencies),
    cpuMsPerRequest: (user + system) / 1000 / latencies.length,
  };
}

/** p50 and p99 of the samples, in ms. */
export function percentiles(samples: number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { p50Ms: at(0.5), p99Ms: at(0.99) };
}
