import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type { EventNotifier } from '@roster/core';
import { createInProcessNotifier } from './in-process-notifier.ts';

/** A notifier that also reaches other processes, and can be closed. */
export interface ClosableNotifier extends EventNotifier {
  /** Resolves when Redis answers a PING within `timeoutMs`; rejects otherwise (readiness). */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * "Events exist after N" across processes through Redis pub/sub: a commit here tells local
 * listeners at once and publishes to the channel; commits of other processes arrive from it. Only
 * the sequence number travels; subscribers read the events from the database, so a message Redis
 * loses costs latency (until the readers' next poll), never an event.
 */
export async function createRedisNotifier(
  url: string,
  options: { channel?: string; onError?: (error: unknown) => void } = {},
): Promise<ClosableNotifier> {
  const channel = options.channel ?? 'roster:events';
  const onError = options.onError ?? (() => {});
  const origin = randomUUID();
  const local = createInProcessNotifier(onError);
  let connected = false;
  // Refuse to start against an unreachable Redis; once running, reconnect with backoff.
  const socket = {
    connectTimeout: 5_000,
    reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 5_000) : cause),
  };
  const publisher = createClient({ url, socket });
  const subscriber = publisher.duplicate();
  publisher.on('error', onError);
  subscriber.on('error', onError);
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (cause) {
    publisher.destroy();
    subscriber.destroy();
    throw new Error(`Cannot connect to Redis at ${new URL(url).host}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
  connected = true;
  await subscriber.subscribe(channel, (message) => {
    const [from, seq] = message.split(' ');
    if (from !== origin && Number.isSafeInteger(Number(seq))) local.publish(Number(seq));
  });
  return {
    publish(seq) {
      local.publish(seq);
      publisher.publish(channel, `${origin} ${seq}`).catch(onError);
    },
    subscribe: (listener) => local.subscribe(listener),
    async ping(timeoutMs = 2_000) {
      // While reconnecting, commands queue; readiness wants an answer now, not after the outage.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        if (!publisher.isReady) throw new Error('Redis is not connected');
        await Promise.race([publisher.ping(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.allSettled([subscriber.close(), publisher.close()]);
    },
  };
}
