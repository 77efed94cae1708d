import type { EventNotifier } from '@roster/core';

/**
 * Tells listeners in this process that events exist after a sequence number. Enough for the
 * embedded and single-process deployments; a Redis or LISTEN/NOTIFY notifier implements the same
 * port for several processes. A listener that throws does not stop the others.
 */
export function createInProcessNotifier(onListenerError: (error: unknown) => void = () => {}): EventNotifier {
  const listeners = new Set<(seq: number) => void>();
  return {
    publish(seq) {
      for (const listener of listeners) {
        try {
          listener(seq);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
