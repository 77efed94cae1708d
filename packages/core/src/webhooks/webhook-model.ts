import type { EventType } from '../events/event-types.ts';

/**
 * Where Roster posts events (issue 14): a URL, what it wants (an IAM, types, origins to skip),
 * its signing secrets (sealed), and how far it has got in the event log.
 */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  /** Only this IAM's events; null: every IAM's. */
  readonly iamId: string | null;
  /** Only these types; empty: every type. */
  readonly types: readonly EventType[];
  /** Origin keys (`originKey`) or origin kinds whose events are skipped. */
  readonly excludeOrigins: readonly string[];
  readonly enabled: boolean;
  /** Why Roster disabled it (deliveries failing too long); null when enabled or disabled by an admin. */
  readonly disabledReason: string | null;
  /** The signing secret (`whsec_…`), sealed. */
  readonly secret: string;
  /** The secret before the last rotation (sealed), still signed with until `previousSecretUntil`. */
  readonly previousSecret: string | null;
  readonly previousSecretUntil: Date | null;
  /** The sequence number of the last event delivered or given up on. */
  readonly cursor: number;
  /** Failed tries of the event after the cursor, and when it may be tried again. */
  readonly failedAttempts: number;
  readonly retryAt: Date | null;
  /** Since when every try has failed; null while deliveries succeed. */
  readonly failingSince: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One try of a delivery (or of a ping), as the endpoint's history shows it. */
export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  /** The `webhook-id` header: the same on every try of one event to one endpoint. */
  readonly messageId: string;
  /** The event delivered; null for a ping. */
  readonly eventSeq: number | null;
  /** The body's `type` (`user.created`, `webhook.ping`). */
  readonly type: string;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly attemptedAt: Date;
  /** The HTTP status; null when no answer came. */
  readonly status: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  /** The first KB of the response body. */
  readonly response: string | null;
}

/** Whether a try succeeded: an answer with a 2xx status. */
export const deliverySucceeded = (delivery: Pick<WebhookDelivery, 'status'>): boolean =>
  delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
