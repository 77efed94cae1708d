import { isRosterError } from '@roster/core';
import type { GraphqlLogger } from './context.ts';

/** How failed reads of the event log are retried: exponential backoff from `initialMs`, capped at `maxMs`. */
export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** 100 ms, 200 ms, 400 ms, ... then every 5 s while the database stays away. */
export const DEFAULT_RETRY: RetryPolicy = { initialMs: 100, maxMs: 5_000 };

/** Options of {@link retryRead}. */
export interface RetryReadOptions {
  readonly policy: RetryPolicy;
  readonly logger: GraphqlLogger | undefined;
  /** Names the read in the log line. */
  readonly what: string;
  /** Gives up (resolving undefined) once aborted: the reader has no one left to read for. */
  readonly signal: AbortSignal;
}

/**
 * Runs `read` until it succeeds. Every failure is logged — a lost database (STORAGE_UNAVAILABLE)
 * as a warning, anything else as an error — and retried after a delay that doubles from the
 * policy's first up to its cap, jittered (between half and all of it) so that every process that
 * lost the same database does not come back to it in step.
 */
export async function retryRead<T>(read: () => Promise<T>, options: RetryReadOptions): Promise<T | undefined> {
  for (let attempt = 1; !options.signal.aborted; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (options.signal.aborted) return undefined;
      const delayMs = Math.min(options.policy.maxMs, options.policy.initialMs * 2 ** (attempt - 1));
      const retryInMs = Math.round(delayMs * (0.5 + Math.random() / 2));
      const fields = { err: error, attempt, retryInMs };
      if (isRosterError(error, 'STORAGE_UNAVAILABLE'))
        options.logger?.warn(fields, `${options.what} failed: the database is unavailable; retrying`);
      else options.logger?.error(fields, `${options.what} failed; retrying`);
      await sleep(retryInMs, options.signal);
    }
  }
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
