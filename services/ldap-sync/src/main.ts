import { pino } from 'pino';
import { limitHeapGrowth } from './standalone/heap-growth.ts';
import { createLdapSyncWorker } from './worker/ldap-sync-worker.ts';
import { openRosterFromEnv } from './standalone/open-roster.ts';

// The LDAP sync worker on its own: same environment as the server (DATABASE_URL, DATA_DIR,
// SECRET_KEY, LOG_LEVEL), plus LDAP_SYNC_TICK_SECONDS. Stops cleanly on SIGINT/SIGTERM.
// First, before a sync allocates anything: a full sync's peak memory depends on it (heap-growth.ts).
const heapFlag = limitHeapGrowth();
const logger = pino({
  level: process.env['LOG_LEVEL'] ?? 'info',
  base: { service: 'roster-ldap-sync' },
  redact: { paths: ['bindPassword', '*.bindPassword', 'password', '*.password'], censor: '[redacted]' },
});
try {
  const opened = await openRosterFromEnv();
  // As the server does at start: a run left RUNNING by a crash would otherwise block its IAM.
  const interrupted = await opened.roster.failInterruptedSyncRuns();
  if (interrupted.length > 0) logger.warn({ syncRuns: interrupted.map((run) => run.id) }, 'marked interrupted sync runs as failed');
  const worker = createLdapSyncWorker({
    roster: opened.roster,
    logger,
    tickIntervalMs: Number(process.env['LDAP_SYNC_TICK_SECONDS'] ?? 30) * 1_000,
  });
  await worker.start();
  logger.info({ database: opened.description, heap: heapFlag ?? 'as given by node flags' }, 'ldap sync worker started');
  const keepAlive = setInterval(() => {}, 1 << 30);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'stopping ldap sync worker');
      clearInterval(keepAlive);
      void worker
        .stop()
        .then(() => opened.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, 'ldap sync worker could not start');
  process.exit(1);
}
