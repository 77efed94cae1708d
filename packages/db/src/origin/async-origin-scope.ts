import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventOrigin, OriginScope } from '@roster/core';

/**
 * Core's OriginScope on AsyncLocalStorage (Node; Deno and Bun have it too): the origin follows
 * the work through every await, timer and callback it starts, so each concurrent request stamps
 * its own. One scope per Roster; a `run` inside another replaces the origin for its work only.
 */
export function createAsyncOriginScope(): OriginScope {
  const storage = new AsyncLocalStorage<EventOrigin>();
  return {
    run: (origin, work) => storage.run(origin, work),
    current: () => storage.getStore() ?? null,
  };
}
