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

/** Options of {@link createRedisNotifier}. */
export interface RedisNotifierOptions {
  readonly channel?: string;
  /** Told of failures: once when Redis becomes unreachable (not on every reconnect attempt), and of failed publishes. */
  readonly onError?: (error: unknown) => void;
  /** How long creation waits for a first connection before carrying on without Redis (default 2 s). */
  readonly startTimeoutMs?: number;
}

/**
 * "Events exist after N" across processes through Redis pub/sub: a commit here tells local
 * listeners at once and publishes to the channel; commits of other processes arrive from it. Only
 * the sequence number travels; subscribers read the events from the database, so a message Redis
 * loses costs latency (until the readers' next poll), never an event.
 *
 * Redis is therefore never a reason to stop serving: an unreachable Redis at start does not refuse
 * the start (creation waits `startTimeoutMs` for it, then carries on and keeps reconnecting with
 * backoff), and while it is away nothing is queued for it (a publish is skipped, not buffered, so a
 * long outage cannot grow memory). `ping` reports the outage to readiness.
 */
export async function createRedisNotifier(url: string, options: RedisNotifierOptions = {}): Promise<ClosableNotifier> {
  const channel = options.channel ?? 'roster:events';
  const onError = options.onError ?? (() => {});
  const host = new URL(url).host; // an unparseable REDIS_URL is a configuration error: it throws here
  const origin = randomUUID();
  const local = createInProcessNotifier(onError);
  const socket = { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) };
  // The publisher drops commands while disconnected; the subscriber queues only its SUBSCRIBE.
  const publisher = createClient({ url, socket, disableOfflineQueue: true });
  const subscriber = createClient({ url, socket });
  let reported = false;
  const onConnectionError = (error: unknown) => {
    if (reported) return;
    reported = true;
    onError(
      new Error(`Redis at ${host} is unreachable; subscriptions read the event log on their poll until it answers`, { cause: error }),
    );
  };
  for (const client of [publisher, subscriber]) {
    client.on('error', onConnectionError);
    client.on('ready', () => (reported = false));
  }
  const connected = Promise.all([publisher.connect(), subscriber.connect()]);
  connected.catch(() => {}); // rejects only when closed while connecting
  void subscriber
    .subscribe(channel, (message) => {
      const [from, seq] = message.split(' ');
      if (from !== origin && Number.isSafeInteger(Number(seq))) local.publish(Number(seq));
    })
    .catch(onError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([connected, new Promise((resolve) => (timer = setTimeout(resolve, options.startTimeoutMs ?? 2_000)))]).finally(() =>
    clearTimeout(timer),
  );
  return {
    publish(seq) {
      local.publish(seq);
      if (publisher.isReady) publisher.publish(channel, `${origin} ${seq}`).catch(onError);
    },
    subscribe: (listener) => local.subscribe(listener),
    async ping(timeoutMs = 2_000) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        if (!publisher.isReady) throw new Error(`Redis at ${host} is not connected`);
        await Promise.race([publisher.ping(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // A connected client says goodbye; one still connecting (Redis away) is dropped at once.
      for (const client of [subscriber, publisher]) if (!client.isReady && client.isOpen) client.destroy();
      await Promise.allSettled([subscriber, publisher].filter((client) => client.isReady).map((client) => client.close()));
    },
  };
}
