import { Repeater } from 'graphql-yoga';
import type { Roster, RosterEvent } from '@roster/core';
import type { EventFilter, EventHub } from './event-hub.ts';

/** Options of an event stream. */
export interface EventStreamOptions extends EventFilter {
  readonly after: number;
}

const BATCH = 500;

/**
 * Every event after `after` that matches the filter, oldest first: the backlog from the durable
 * log, then live events from the hub — in order, none missed, none twice. The live feed is
 * attached before the replay starts, so nothing committed in between can fall through; events
 * the feed repeats are dropped by sequence number.
 */
export function streamEvents(roster: Roster, hub: EventHub, options: EventStreamOptions): AsyncIterableIterator<RosterEvent> {
  return new Repeater<RosterEvent>(async (push, stop) => {
    const live = await hub.attach(options);
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      live.close();
    });
    try {
      let cursor = options.after;
      let batch: RosterEvent[];
      do {
        batch = await roster.events.readAfter({ after: cursor, iamId: options.iamId, types: options.types, limit: BATCH });
        for (const event of batch) {
          if (stopped) return;
          await push(event);
          cursor = event.seq;
        }
      } while (batch.length === BATCH && !stopped);
      for await (const event of live) {
        if (event.seq <= cursor) continue;
        await push(event);
        cursor = event.seq;
      }
    } finally {
      live.close();
    }
  });
}
