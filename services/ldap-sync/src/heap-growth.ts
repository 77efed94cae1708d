import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection before it
 * collects again, in percent. V8's own choice on a machine with a large heap limit is up to 300 %
 * (four times the live heap), and a full sync promotes garbage fast enough to always get it: a
 * 100,000-user run with ~60 MB live peaked at ~270 MB of heap, ~440 MB RSS. At 40 % the same run
 * peaks at ~100 MB of heap and 250–280 MB RSS, for five times as many mark-compacts (README,
 * "Decision — heap growth of the worker process"; 50 % left too little room for the run-to-run
 * spread of the process's own memory).
 */
export const HEAP_GROWING_PERCENT = 40;

/** Node flags that already decide the heap's growth or size: the operator's choice is kept. */
const HEAP_FLAGS = /^--(heap[-_]growing[-_]percent|max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)(=|$)/;

/**
 * The V8 flag a worker-only process runs with, or null when the process was started with its
 * own heap setting (node flags or NODE_OPTIONS).
 */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | null {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => HEAP_FLAGS.test(flag));
  return given ? null : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/**
 * Applies {@link heapGrowthFlag} to this process. V8 reads the growth factor each time it sets the
 * next collection's limit, so setting it at start-up (before the first sync) takes full effect.
 * Returns the flag applied, for the start-up log.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS']): string | null {
  const flag = heapGrowthFlag(execArgv, nodeOptions);
  if (flag) setFlagsFromString(flag);
  return flag;
}
