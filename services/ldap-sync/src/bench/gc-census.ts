import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** The garbage collections of a measured span: how many, and the main-thread pause they cost. */
export interface GcCensus {
  readonly major: number;
  readonly minor: number;
  /** Sum of the pauses, ms (scavenges and mark-compact finalizations; concurrent marking runs on helper threads). */
  readonly pauseMs: number;
}

/**
 * Counts the collections of this process from now until the returned function is called: what
 * a heap setting costs in GC time (a lower heap growth means more mark-compacts).
 */
export function startGcCensus(): () => Promise<GcCensus> {
  let major = 0;
  let minor = 0;
  let pauseMs = 0;
  const take = (entries: readonly PerformanceEntry[]) => {
    for (const entry of entries) {
      const kind = (entry as PerformanceEntry & { readonly detail?: { readonly kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) major += 1;
      else if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minor += 1;
      pauseMs += entry.duration;
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return async () => {
    // Entries are delivered asynchronously: let the last ones arrive before counting.
    await new Promise((resolve) => setImmediate(resolve));
    take(observer.takeRecords());
    observer.disconnect();
    return { major, minor, pauseMs: Math.round(pauseMs) };
  };
}
