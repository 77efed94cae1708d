import type { EventNotifier } from '@roster/core';
import { createInProcessNotifier, createRedisNotifier } from '@roster/db';
import type { Logger } from './logger.ts';

/** The notifier of committed events, and what a Redis one adds. */
export interface OpenedNotifier {
  readonly notifier: EventNotifier;
  /** Set when the notifier is Redis. */
  readonly ping?: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/**
 * Redis pub/sub when REDIS_URL is set (several processes hear each other's commits), otherwise
 * in-process. Either way subscribers read the event log itself; a lost notification delays, never loses.
 */
export async function openNotifier(redisUrl: string | undefined, logger: Logger): Promise<OpenedNotifier> {
  const onError = (error: unknown) => logger.error({ err: error }, 'event notification failed');
  if (!redisUrl) return { notifier: createInProcessNotifier(onError), close: async () => {} };
  const redis = await createRedisNotifier(redisUrl, { onError });
  return { notifier: redis, ping: () => redis.ping(), close: () => redis.close() };
}
