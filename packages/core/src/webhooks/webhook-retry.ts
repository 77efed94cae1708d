import type { WebhookEndpointProgress } from '../ports.ts';
import type { WebhookEndpoint } from './webhook-model.ts';

/** When tries are made and when an endpoint is given up on. */
export interface WebhookRetryPolicy {
  /** Delay before each try of one event: the first (normally 0), then after each failure. */
  readonly scheduleMs: readonly number[];
  /** How long every try may fail before the endpoint is disabled. */
  readonly disableAfterMs: number;
}

/** What follows a failed try of the event after an endpoint's cursor. */
export type AfterFailure =
  /** Try the same event again at `progress.retryAt`. */
  | { readonly kind: 'RETRY'; readonly progress: WebhookEndpointProgress }
  /** Every try of this event failed: it is given up on (the cursor passes it) and the next one goes. */
  | { readonly kind: 'GIVE_UP'; readonly progress: WebhookEndpointProgress }
  /** The endpoint has failed every try for `disableAfterMs`: disable it. */
  | { readonly kind: 'DISABLE'; readonly failingSince: Date };

/**
 * The decision after the try of event `seq` failed at `now`, as Svix makes it: retried on the
 * schedule with the same message id; once the schedule is spent the event is given up on; an
 * endpoint whose every try has failed for `disableAfterMs` is disabled.
 */
export function afterFailedTry(endpoint: WebhookEndpoint, seq: number, now: Date, policy: WebhookRetryPolicy): AfterFailure {
  const failingSince = endpoint.failingSince ?? now;
  if (now.getTime() - failingSince.getTime() >= policy.disableAfterMs) return { kind: 'DISABLE', failingSince };
  const failed = endpoint.failedAttempts + 1;
  const delay = policy.scheduleMs[failed];
  if (delay === undefined) return { kind: 'GIVE_UP', progress: { cursor: seq, failedAttempts: 0, retryAt: null, failingSince } };
  return {
    kind: 'RETRY',
    progress: { cursor: endpoint.cursor, failedAttempts: failed, retryAt: new Date(now.getTime() + delay), failingSince },
  };
}
