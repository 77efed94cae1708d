import { createAesGcmSecretBox, createRoster, webHasher, webRandomness, type Roster } from '@roster/core';
import { createAsyncOriginScope, createPrismaStore, type Database } from '@roster/db';
import type { RosterConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { openNotifier } from './open-notifier.ts';
import { loadSecretKey } from './secret-key.ts';

/** Options of {@link createDomain}. */
export interface DomainOptions {
  readonly logger: Logger;
  /**
   * Where the one-time bootstrap admin token is printed (never to the log). Without it no token is
   * made: a command-line run leaves that to the server, whose operator reads its output.
   */
  readonly announce?: ((text: string) => void) | undefined;
  /** Longest a transaction may run (default: the store's). */
  readonly transactionTimeoutMs?: number | undefined;
}

/** Roster's domain on an open database, and how to let go of what it opened beside it. */
export interface Domain {
  readonly roster: Roster;
  /** Pings Redis, when the notifier is Redis (for /readyz). */
  readonly redisPing?: () => Promise<void>;
  /** Closes the notifier (the database is the caller's). */
  close(): Promise<void>;
}

/**
 * Roster's domain on an open, migrated database: the notifier (Redis when configured), the
 * sealing key, the built-in IAM, crash recovery of sync runs, and the one-time bootstrap token.
 */
export async function createDomain(config: RosterConfig, database: Database, options: DomainOptions): Promise<Domain> {
  const { logger } = options;
  const notifier = await openNotifier(config.redisUrl, logger);
  try {
    const { key, source } = await loadSecretKey(config.secretKey, config.dataDir);
    logger.info({ source }, 'sealing key loaded');
    const roster = createRoster(
      {
        store: createPrismaStore(database.prisma, {
          notifier: notifier.notifier,
          reader: database.reader,
          ...(options.transactionTimeoutMs ? { transactionTimeoutMs: options.transactionTimeoutMs } : {}),
        }),
        clock: { now: () => new Date() },
        random: webRandomness,
        hasher: webHasher,
        secrets: await createAesGcmSecretBox(key),
        origins: createAsyncOriginScope(),
      },
      {
        adminToken: config.adminToken,
        webhooks: {
          denyPrivate: config.webhooks.denyPrivate,
          disableAfterMs: config.webhooks.disableAfterMs,
          ...(config.webhooks.retryScheduleMs ? { retryScheduleMs: config.webhooks.retryScheduleMs } : {}),
        },
      },
    );
    await roster.ensureBuiltinIam();
    // A run left RUNNING by a process that died would otherwise block its IAM (heartbeat-based:
    // runs another live process is running are left alone).
    const interrupted = await roster.failInterruptedSyncRuns();
    if (interrupted.length) logger.warn({ syncRuns: interrupted.map((run) => run.id) }, 'marked interrupted sync runs as failed');
    const bootstrapToken = options.announce ? await roster.ensureBootstrapAdminToken() : null;
    if (bootstrapToken) {
      options.announce?.(
        `\nNo admin token existed, so Roster made one. It is shown this once; only its hash is stored:\n\n  ${bootstrapToken}\n\n` +
          'Use it as "Authorization: Bearer <token>" (APPLICATION_ADMIN). Set ADMIN_TOKEN to manage your own instead.\n\n',
      );
    }
    return { roster, close: notifier.close, ...(notifier.ping ? { redisPing: notifier.ping } : {}) };
  } catch (error) {
    await notifier.close().catch(() => {});
    throw error;
  }
}
