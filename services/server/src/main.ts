import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './start-server.ts';

// `npm start`: read the environment, migrate, serve; stop cleanly on SIGINT/SIGTERM.
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`roster: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
try {
  const server = await startServer(config, { logger });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'signal received');
      server.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'Roster could not start');
  process.stderr.write(`roster: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
