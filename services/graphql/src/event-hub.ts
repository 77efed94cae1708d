import type { EventType, Roster, RosterEvent } from '@roster/core';
import type { GraphqlLogger } from './context.ts';
import { DEFAULT_RETRY, retryRead, type RetryPolicy } from './retry-read.ts';

/** Which events a subscriber wants. */
export interface EventFilter {
  readonly iamId?: string | undefined;
  readonly types?: readonly EventType[] | undefined;
}

/** What a feed delivers: every event after `after` that matches the filter. */
export interface FeedOptions extends EventFilter {
  readonly after: number;
}

/** A subscriber's feed: every matching event after its cursor, in sequence order, each once. */
export interface EventFeed extends AsyncIterable<RosterEvent> {
  close(): void;
}

/** Options of the hub. */
export interface EventHubOptions {
  /** How often to re-read the log without a notification (writes of processes the notifier does not reach). */
  readonly pollMs?: number | undefined;
  /** Events the hub holds for one subscriber that has not taken them yet; past it, the subscriber reads the log itself. */
  readonly subscriberBufferLimit?: number | undefined;
  /** Where failed reads of the log are reported. */
  readonly logger?: GraphqlLogger | undefined;
  /** Backoff of failed reads of the log. */
  readonly retry?: RetryPolicy | undefined;
}

/** What the hub is doing, for metrics. */
export interface EventHubStats {
  readonly subscribers: number;
  /** Subscribers attached to the live fan-out. */
  readonly live: number;
  /** Subscribers that fell too far behind and read the log themselves until they catch up. */
  readonly catchingUp: number;
  /** The last sequence number the hub read and fanned out. */
  readonly headSeq: number;
  /** Events held for subscribers, all together, and for the one holding most. */
  readonly bufferedEvents: number;
  readonly largestBuffer: number;
}

/** Events held per subscriber unless configured otherwise (`SUBSCRIBER_BUFFER_LIMIT`). */
export const DEFAULT_SUBSCRIBER_BUFFER_LIMIT = 1_000;

const BATCH = 500;

interface Subscriber {
  readonly filter: EventFilter;
  /** Events fanned out to it and not yet taken, oldest first; never longer than the limit. */
  queue: RosterEvent[];
  /** Attached to the live fan-out; when false, the hub passes it by and it reads the log. */
  live: boolean;
  /** Counts detachments, so a read can tell whether its subscriber stayed attached throughout. */
  detachments: number;
  wake: (() => void) | null;
  readonly closed: AbortController;
}

/** The hub's reading of the log while it has subscribers. */
interface Tail {
  readonly stopped: AbortController;
  reading: boolean;
  again: boolean;
}

/**
 * One reader of the event log per process, however many subscribers: when the notifier (or the
 * poll, for writes of other processes) says there is news, the hub reads the new events once and
 * hands each to every attached subscriber whose filter matches.
 *
 * A subscriber is attached before each of its own reads of the log, so what commits during the
 * read reaches it through the hub, and the overlap is dropped by sequence number. A subscriber
 * that stops taking events (a slow or stalled client) is held at most `subscriberBufferLimit`
 * events: the next one detaches it, and once it has taken what was held it reads the log itself
 * from its cursor, unbuffered, until a read comes back short while it is attached again. So
 * memory per subscriber is bounded and every subscriber still gets every event once, in order.
 * Failed reads, the hub's and the subscribers', are logged and retried with capped backoff.
 */
export function createEventHub(roster: Roster, options: EventHubOptions = {}) {
  const limit = options.subscriberBufferLimit ?? DEFAULT_SUBSCRIBER_BUFFER_LIMIT;
  const retry = { policy: options.retry ?? DEFAULT_RETRY, logger: options.logger };
  const subscribers = new Set<Subscriber>();
  let head = 0;
  let started: Promise<void> | null = null;
  let stopTailing: (() => void) | null = null;

  const matches = (filter: EventFilter, event: RosterEvent): boolean =>
    (filter.iamId === undefined || filter.iamId === event.iamId) && (filter.types === undefined || filter.types.includes(event.type));

  const dispatch = (event: RosterEvent): void => {
    for (const subscriber of subscribers) {
      if (!subscriber.live || !matches(subscriber.filter, event)) continue;
      if (subscriber.queue.length < limit) subscriber.queue.push(event);
      else {
        // It keeps what it holds, and reads the rest from the log once it has taken that.
        subscriber.live = false;
        subscriber.detachments += 1;
      }
      subscriber.wake?.();
    }
  };

  const read = async (tail: Tail): Promise<void> => {
    if (tail.reading) return void (tail.again = true);
    tail.reading = true;
    try {
      do {
        tail.again = false;
        let batch: RosterEvent[] | undefined;
        do {
          batch = await retryRead(() => roster.events.readAfter({ after: head, limit: BATCH }), {
            ...retry,
            what: 'event hub read',
            signal: tail.stopped.signal,
          });
          if (batch === undefined || tail.stopped.signal.aborted) return;
          for (const event of batch) dispatch(event);
          head = batch.at(-1)?.seq ?? head;
        } while (batch.length === BATCH);
      } while (tail.again);
    } finally {
      tail.reading = false;
    }
  };

  const start = async (): Promise<void> => {
    head = await roster.events.lastSeq();
    const tail: Tail = { stopped: new AbortController(), reading: false, again: false };
    const poke = (): void =>
      void read(tail).catch((error: unknown) => options.logger?.error({ err: error }, 'event hub stopped reading unexpectedly'));
    const unsubscribe = roster.notifier.subscribe(poke);
    const timer = setInterval(poke, options.pollMs ?? 1_000);
    stopTailing = () => {
      clearInterval(timer);
      unsubscribe();
      tail.stopped.abort();
      stopTailing = null;
      started = null;
    };
  };

  const close = (subscriber: Subscriber): void => {
    if (subscriber.closed.signal.aborted) return;
    subscriber.closed.abort();
    subscriber.wake?.();
    subscribers.delete(subscriber);
    if (subscribers.size === 0) stopTailing?.();
  };

  async function* deliver(subscriber: Subscriber, after: number): AsyncGenerator<RosterEvent> {
    const { signal } = subscriber.closed;
    const readLog = (cursor: number) =>
      retryRead(
        () => roster.events.readAfter({ after: cursor, iamId: subscriber.filter.iamId, types: subscriber.filter.types, limit: BATCH }),
        { ...retry, what: 'subscriber catch-up read', signal },
      );
    let cursor = after;
    let fromLog = true; // the replay from `after` first
    let attachBeforeRead = false;
    try {
      while (!signal.aborted) {
        if (!fromLog) {
          const event = subscriber.queue.shift();
          if (event !== undefined) {
            if (event.seq > cursor) yield event;
            cursor = Math.max(cursor, event.seq);
            continue;
          }
          if (subscriber.live) {
            await new Promise<void>((resolve) => (subscriber.wake = resolve));
            continue;
          }
          fromLog = true; // took what the hub held before detaching it: on from the log
        }
        // Attach again before the read that should be the last (the previous one came back short,
        // or the hub is near): what commits during it then reaches the queue, and the overlap of
        // the two is dropped by sequence number.
        if (!subscriber.live && (attachBeforeRead || head - cursor < BATCH)) subscriber.live = true;
        attachBeforeRead = false;
        // Whatever the hub held so far has committed, so this read (or the next) returns it too.
        subscriber.queue = [];
        const { live, detachments } = subscriber;
        const batch = await readLog(cursor);
        if (batch === undefined) return;
        for (const event of batch) {
          if (signal.aborted) return;
          yield event;
          cursor = event.seq;
        }
        if (batch.length === BATCH) {
          // Far behind: read on from the log, unbuffered.
          subscriber.live = false;
          subscriber.detachments += 1;
        } else if (live && subscriber.detachments === detachments) {
          fromLog = false; // caught up: attached since before the read, the hub holds the rest
        } else {
          attachBeforeRead = true; // the log had no more, but the hub was not listening for it throughout
        }
      }
    } finally {
      close(subscriber);
    }
  }

  return {
    /**
     * A feed of every event after `options.after` matching its filter. Resolves once the hub
     * reads the log (its first subscriber starts it); rejects when the database cannot say where
     * the log ends (STORAGE_UNAVAILABLE).
     */
    async attach(options: FeedOptions): Promise<EventFeed> {
      const subscriber: Subscriber = {
        filter: { iamId: options.iamId, types: options.types },
        queue: [],
        live: true,
        detachments: 0,
        wake: null,
        closed: new AbortController(),
      };
      subscribers.add(subscriber);
      try {
        await (started ??= start().catch((error: unknown) => {
          started = null;
          throw error;
        }));
      } catch (error) {
        close(subscriber);
        throw error;
      }
      return {
        close: () => close(subscriber),
        [Symbol.asyncIterator]: () => deliver(subscriber, options.after),
      };
    },

    /** Subscribers, live and catching up, the head of the log as the hub has read it, and events held. */
    stats(): EventHubStats {
      let live = 0;
      let bufferedEvents = 0;
      let largestBuffer = 0;
      for (const subscriber of subscribers) {
        if (subscriber.live) live += 1;
        bufferedEvents += subscriber.queue.length;
        largestBuffer = Math.max(largestBuffer, subscriber.queue.length);
      }
      return { subscribers: subscribers.size, live, catchingUp: subscribers.size - live, headSeq: head, bufferedEvents, largestBuffer };
    },
  };
}

/** The hub; see {@link createEventHub}. */
export type EventHub = ReturnType<typeof createEventHub>;
