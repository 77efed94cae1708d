import { ConfigError, loadConfig } from './config.ts';
import { createLogger, createStdoutDestination } from './logger.ts';
import { startServer } from './start-server.ts';

// `npm start`: read the environment, migrate, serve; stop cleanly on SIGINT/SIGTERM.
// A closed or broken stdout/stderr (EPIPE once the reader is gone) must neither crash nor stall a
// stop: what is written there (the bootstrap token, start-up errors) is then lost, nothing more.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`roster: ${error.message}\n`);
  process.exit(1);
}

const stdout = createStdoutDestination();
const logger = createLogger(config.logLevel, stdout);
try {
  const server = await startServer(config, { logger });
  const { shutdownGraceMs } = config;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Whatever holds the stop up (a request that never ends, a stdout nobody reads), the process
      // is gone after the grace period. Unref'd: it is no reason to stay alive either.
      setTimeout(() => {
        logger.error({ shutdownGraceMs }, 'did not stop within the grace period (SHUTDOWN_GRACE_MS); exiting');
        stdout.abandon();
        process.exit(1);
      }, shutdownGraceMs).unref();
      logger.info({ signal }, 'signal received');
      server.stop().then(
        () => exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          return exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'Roster could not start');
  process.stderr.write(`roster: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await exit(1);
}

/** Exits once the log lines are written out, or after a second whatever stdout does. */
async function exit(code: number): Promise<never> {
  await Promise.race([stdout.finish(), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  stdout.abandon();
  process.exit(code);
}
