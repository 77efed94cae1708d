import { createAesGcmSecretBox, createRoster, webHasher, webRandomness, type EventNotifier, type Roster } from '@roster/core';
import { createInProcessNotifier, createPrismaStore, createRedisNotifier, type Database } from '@roster/db';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { loadSecretKey } from './secret-key.ts';

/**
 * Roster's domain on an open, migrated database: the notifier (Redis when configured), the
 * sealing key, the built-in IAM, crash recovery of sync runs, and the one-time bootstrap token.
 */
export async function createDomain(
  config: ServerConfig,
  database: Database,
  logger: Logger,
  announce: (text: string) => void,
): Promise<{ roster: Roster; readonly redisPing?: () => Promise<void>; readonly close: () => Promise<void> }> {
  const onNotifyError = (error: unknown) => logger.error({ err: error }, 'event notification failed');
  let notifier: EventNotifier = createInProcessNotifier(onNotifyError);
  let close = async (): Promise<void> => {};
  let redisPing: (() => Promise<void>) | undefined;
  if (config.redisUrl) {
    const redis = await createRedisNotifier(config.redisUrl, { onError: onNotifyError });
    close = () => redis.close();
    redisPing = () => redis.ping();
    notifier = redis;
  }
  try {
    const { key, source } = await loadSecretKey(config.secretKey, config.dataDir);
    logger.debug({ source }, 'secret key loaded');
    const roster = createRoster(
      {
        store: createPrismaStore(database.prisma, { notifier, reader: database.reader }),
        clock: { now: () => new Date() },
        random: webRandomness,
        hasher: webHasher,
        secrets: await createAesGcmSecretBox(key),
      },
      { adminToken: config.adminToken },
    );
    await roster.ensureBuiltinIam();
    const interrupted = await roster.failInterruptedSyncRuns();
    if (interrupted.length) logger.warn({ syncRuns: interrupted.map((run) => run.id) }, 'marked interrupted sync runs as failed');
    const bootstrapToken = await roster.ensureBootstrapAdminToken();
    if (bootstrapToken) {
      announce(
        `\nNo admin token existed, so Roster made one. It is shown this once; only its hash is stored:\n\n  ${bootstrapToken}\n\n` +
          'Use it as "Authorization: Bearer <token>" (APPLICATION_ADMIN). Set ADMIN_TOKEN to manage your own instead.\n\n',
      );
    }
    return { roster, close, ...(redisPing ? { redisPing } : {}) };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
