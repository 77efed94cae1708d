import type { Logger } from '@roster/runtime';

/** What stopping on a signal works with; main.ts passes the process's own. */
export interface StopOnSignalOptions {
  /** SHUTDOWN_GRACE_MS: from the signal to exit, at most. */
  readonly graceMs: number;
  readonly logger: Logger;
  /** The log's destination (@roster/runtime's createStdoutDestination): written out before a clean exit, dropped before a forced one. */
  readonly log: { finish(): Promise<void>; abandon(): void };
  /** `process.once`, for SIGINT and SIGTERM. */
  readonly once: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => void;
  /** `process.exit`. */
  readonly exit: (code: number) => void;
}

/**
 * On SIGINT or SIGTERM: stops the server and exits 0 (1 if the stop failed). Whatever holds the
 * stop up (a request that never ends, a stdout nobody reads), the process exits with 1 once the
 * grace period is over. A second signal finds no listener and ends the process at once.
 */
export function stopOnSignal(server: { stop(): Promise<void> }, options: StopOnSignalOptions): void {
  const { graceMs, logger, log } = options;
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    options.exit(code);
  };
  // Log lines get a moment to be written out (StdoutDestination.finish bounds it).
  const exitAfterLog = (code: number) => log.finish().then(() => exit(code));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Unref'd: the deadline is no reason to stay alive either.
    setTimeout(() => {
      logger.error({ graceMs }, 'did not stop within the grace period (SHUTDOWN_GRACE_MS); exiting');
      log.abandon();
      exit(1);
    }, graceMs).unref();
    logger.info({ signal }, 'signal received');
    server.stop().then(
      () => exitAfterLog(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        return exitAfterLog(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) options.once(signal, () => stop(signal));
}
