import { performance } from 'node:perf_hooks';

/** One benchmark row: a measured value against its ceiling (lower is better). */
export interface BenchRow {
  readonly operation: string;
  readonly backend: string;
  readonly samples: number;
  readonly meanMs: number;
  readonly p95Ms: number;
  readonly ceilingMs: number;
}

/** Runs `fn` `samples` times (after `warmup` unmeasured runs) and returns the timings in ms. */
export async function time(samples: number, fn: (i: number) => Promise<unknown>, warmup = 3): Promise<number[]> {
  for (let i = 0; i < warmup; i += 1) await fn(-1 - i);
  const timings: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const start = performance.now();
    await fn(i);
    timings.push(performance.now() - start);
  }
  return timings;
}

/** A row from timings. */
export function row(operation: string, backend: string, timings: number[], ceilingMs: number): BenchRow {
  const sorted = [...timings].sort((a, b) => a - b);
  return {
    operation,
    backend,
    samples: timings.length,
    meanMs: timings.reduce((sum, t) => sum + t, 0) / timings.length,
    p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    ceilingMs,
  };
}

/** Prints the rows as a table; the ratio is mean / ceiling (≤ 1.00 is within budget). */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  const header = ['operation', 'backend', 'n', 'mean ms', 'p95 ms', 'ceiling ms', 'ratio'];
  const lines = rows.map((r) => [
    r.operation,
    r.backend,
    String(r.samples),
    r.meanMs.toFixed(2),
    r.p95Ms.toFixed(2),
    r.ceilingMs.toFixed(0),
    (r.meanMs / r.ceilingMs).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${title}\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(format(line));
}
