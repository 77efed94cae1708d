import type { EventType } from '../events/event-types.ts';

/**
 * Each event type's name in a webhook body: full-stop delimited, as the Standard Webhooks
 * specification has `type` (`user.created`), the resource first so a receiver can route on it.
 */
export const WEBHOOK_TYPES = {
  IAM_CREATED: 'iam.created',
  IAM_UPDATED: 'iam.updated',
  IAM_DELETED: 'iam.deleted',
  SCIM_TOKEN_ROTATED: 'iam.scim_token_rotated',
  USER_CREATED: 'user.created',
  USER_UPDATED: 'user.updated',
  USER_DEACTIVATED: 'user.deactivated',
  USER_REACTIVATED: 'user.reactivated',
  USER_DELETED: 'user.deleted',
  USER_MIGRATED: 'user.migrated',
  USER_ATTRIBUTES_CHANGED: 'user.attributes_changed',
  GROUP_CREATED: 'group.created',
  GROUP_UPDATED: 'group.updated',
  GROUP_DELETED: 'group.deleted',
  GROUP_ATTRIBUTES_CHANGED: 'group.attributes_changed',
  MEMBERSHIP_ADDED: 'membership.added',
  MEMBERSHIP_REMOVED: 'membership.removed',
  SYNC_RUN_STARTED: 'sync_run.started',
  SYNC_RUN_PROGRESS: 'sync_run.progress',
  SYNC_RUN_FINISHED: 'sync_run.finished',
  SYNC_RUN_FAILED: 'sync_run.failed',
  WEBHOOK_ENDPOINT_CREATED: 'webhook_endpoint.created',
  WEBHOOK_ENDPOINT_UPDATED: 'webhook_endpoint.updated',
  WEBHOOK_ENDPOINT_DELETED: 'webhook_endpoint.deleted',
  WEBHOOK_ENDPOINT_DISABLED: 'webhook_endpoint.disabled',
} as const satisfies Record<EventType, string>;

/** The type of a test delivery (`testWebhookEndpoint`). */
export const WEBHOOK_PING_TYPE = 'webhook.ping';

/**
 * The `webhook-id` of an event's delivery: one per event, the same on every try and every
 * endpoint (a receiver that de-duplicates by it sees a retry or a replay as what it is).
 */
export const webhookMessageId = (seq: number): string => `msg_evt_${seq}`;

/** Default tries of one event, as Svix spaces them: at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h later. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** How long an endpoint may fail every try before Roster disables it (Svix: five days). */
export const DEFAULT_WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;
