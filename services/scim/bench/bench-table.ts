import { performance } from 'node:perf_hooks';

/** One benchmark row: a measured value, its target (the ceiling) and the ratio between them. */
export interface ThroughputRow {
  readonly operation: string;
  readonly backend: string;
  readonly samples: number;
  readonly perSecond: number;
  readonly p99Ms: number;
  /** What the row is compared with, and how: a rate to reach, or a latency to stay under. */
  readonly ceiling: { readonly label: string; readonly value: number; readonly kind: 'rate' | 'latency' };
}

/** Runs `total` calls of `fn` with `concurrency` workers; returns the rate and p99 latency. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ perSecond: number; p99Ms: number }> {
  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        timings.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  return { perSecond: total / elapsed, p99Ms: timings[Math.min(timings.length - 1, Math.floor(timings.length * 0.99))] ?? 0 };
}

/** Prints the rows; the ratio is measured / ceiling for rates, ceiling / measured for latencies (≥ 1 meets it). */
export function printThroughputTable(title: string, rows: readonly ThroughputRow[]): void {
  const header = ['operation', 'backend', 'n', 'per s', 'p99 ms', 'ceiling', 'ratio'];
  const lines = rows.map((r) => {
    const measured = r.ceiling.kind === 'rate' ? r.perSecond : r.p99Ms;
    const ratio = r.ceiling.kind === 'rate' ? measured / r.ceiling.value : r.ceiling.value / Math.max(measured, 1e-9);
    return [r.operation, r.backend, String(r.samples), r.perSecond.toFixed(0), r.p99Ms.toFixed(2), r.ceiling.label, ratio.toFixed(2)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 2 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}
