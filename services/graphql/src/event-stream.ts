import { Repeater } from 'graphql-yoga';
import type { RosterEvent } from '@roster/core';
import type { EventHub, FeedOptions } from './event-hub.ts';

/** Options of an event stream: its filter, and the sequence number it starts after. */
export type EventStreamOptions = FeedOptions;

/**
 * Every event after `after` that matches the filter, oldest first: the backlog from the durable
 * log, then live events from the hub — in order, none missed, none twice, however far behind the
 * client falls (see createEventHub). Events are pulled one at a time, as the transport sends
 * them, so a client that stops reading stops the stream instead of filling memory.
 */
export function streamEvents(hub: EventHub, options: EventStreamOptions): AsyncIterableIterator<RosterEvent> {
  return new Repeater<RosterEvent>(async (push, stop) => {
    const feed = await hub.attach(options);
    void stop.then(() => feed.close());
    try {
      for await (const event of feed) await push(event);
    } finally {
      feed.close();
    }
  });
}
