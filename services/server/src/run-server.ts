import { limitHeapGrowth } from '@roster/ldap-sync/heap-growth';
import { ConfigError, createLogger, createStdoutDestination, loadConfig } from '@roster/runtime';
import { startServer, type RuntimeInfo } from './start-server.ts';
import { stopOnSignal } from './stop-on-signal.ts';

/**
 * What `npm start` (main.ts, Node) and `npm run start:deno` (deno-main.ts) run: read the
 * environment, migrate, serve; stop cleanly on SIGINT/SIGTERM. The entry point says which runtime
 * it is; nothing below it asks.
 */
export async function runServer(runtime: RuntimeInfo): Promise<void> {
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

  // A dedicated worker (ROSTER_ROLES=worker, what the standalone sync worker was) runs full LDAP
  // syncs, whose peak memory depends on V8's heap growth: limit it before anything allocates
  // (services/ldap-sync/src/heap-growth.ts). A process serving the API as well keeps V8's own
  // growth: the limit costs every request more garbage collection (services/ldap-sync README).
  const heapFlag = config.roles.size === 1 && config.roles.has('worker') ? limitHeapGrowth() : null;
  const stdout = createStdoutDestination();
  const logger = createLogger(config.logLevel, stdout);
  if (heapFlag) logger.info({ heap: heapFlag }, 'heap growth limited for LDAP syncs (worker only)');
  try {
    const server = await startServer(config, { logger, runtime });
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
}
