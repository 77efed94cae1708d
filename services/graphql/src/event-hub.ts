import type { EventType, Roster, RosterEvent } from '@roster/core';

/** Which events a subscriber wants. */
export interface EventFilter {
  readonly iamId?: string | undefined;
  readonly types?: readonly EventType[] | undefined;
}

/** A subscriber's live feed: events in sequence order, buffered until read. */
export interface LiveFeed extends AsyncIterable<RosterEvent> {
  close(): void;
}

const BATCH = 500;

/**
 * One reader of the event log per process, however many subscribers: when the notifier (or the
 * poll, for writes of other processes) says there is news, the hub reads the new events once and
 * hands each to every subscriber whose filter matches. A subscriber that attaches learns the
 * hub's position first, so its own replay from the log and the live feed overlap instead of
 * leaving a gap; the stream drops the overlap by sequence number.
 */
export function createEventHub(roster: Roster, options: { pollMs?: number | undefined } = {}) {
  const feeds = new Set<{ filter: EventFilter; queue: RosterEvent[]; wake: (() => void) | null; closed: boolean }>();
  let head = 0;
  let started: Promise<void> | null = null;
  let reading = false;
  let again = false;
  let stopTailing = (): void => {};

  const read = async (): Promise<void> => {
    if (reading) return void (again = true);
    reading = true;
    try {
      do {
        again = false;
        let batch: RosterEvent[];
        do {
          batch = await roster.events.readAfter({ after: head, limit: BATCH });
          for (const event of batch) dispatch(event);
          head = batch.at(-1)?.seq ?? head;
        } while (batch.length === BATCH);
      } while (again);
    } finally {
      reading = false;
    }
  };
  const dispatch = (event: RosterEvent): void => {
    for (const feed of feeds) {
      if (feed.filter.iamId !== undefined && feed.filter.iamId !== event.iamId) continue;
      if (feed.filter.types !== undefined && !feed.filter.types.includes(event.type)) continue;
      feed.queue.push(event);
      feed.wake?.();
    }
  };
  const poke = (): void => void read().catch(() => {});
  const start = async (): Promise<void> => {
    head = await roster.events.lastSeq();
    const unsubscribe = roster.notifier.subscribe(poke);
    const timer = setInterval(poke, options.pollMs ?? 1_000);
    stopTailing = () => {
      clearInterval(timer);
      unsubscribe();
      started = null;
    };
  };

  return {
    /** Starts a live feed; resolves once the hub knows its position. */
    async attach(filter: EventFilter): Promise<LiveFeed> {
      const feed = { filter, queue: [] as RosterEvent[], wake: null as (() => void) | null, closed: false };
      feeds.add(feed);
      await (started ??= start());
      return {
        close() {
          feed.closed = true;
          feed.wake?.();
          feeds.delete(feed);
          if (feeds.size === 0) stopTailing();
        },
        async *[Symbol.asyncIterator]() {
          while (!feed.closed) {
            const event = feed.queue.shift();
            if (event) yield event;
            else await new Promise<void>((resolve) => (feed.wake = resolve));
          }
        },
      };
    },
  };
}

/** The hub; see {@link createEventHub}. */
export type EventHub = ReturnType<typeof createEventHub>;
