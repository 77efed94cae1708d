import { ConfigError, loadConfig } from './config.ts';
import { createLogger, createStdoutDestination } from './logger.ts';
import { startServer } from './start-server.ts';
import { stopOnSignal } from './stop-on-signal.ts';

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
  stopOnSignal(server, {
    graceMs: config.shutdownGraceMs,
    logger,
    log: stdout,
    once: (signal, listener) => process.once(signal, listener),
    exit: (code) => process.exit(code),
  });
} catch (error) {
  logger.fatal({ err: error }, 'Roster could not start');
  process.stderr.write(`roster: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await stdout.finish();
  process.exit(1);
}
