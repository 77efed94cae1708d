import { humanize } from '../components/format.ts';
import type { EventType } from './use-event-feed.ts';

/** Every EventType of the API, in the order an administrator reads them (users, groups, IAMs, sync, webhooks). */
export const EVENT_TYPES = [
  'USER_CREATED',
  'USER_UPDATED',
  'USER_ATTRIBUTES_CHANGED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'USER_DELETED',
  'USER_MIGRATED',
  'GROUP_CREATED',
  'GROUP_UPDATED',
  'GROUP_ATTRIBUTES_CHANGED',
  'GROUP_DELETED',
  'MEMBERSHIP_ADDED',
  'MEMBERSHIP_REMOVED',
  'IAM_CREATED',
  'IAM_UPDATED',
  'IAM_DELETED',
  'SCIM_TOKEN_ROTATED',
  'SYNC_RUN_STARTED',
  'SYNC_RUN_PROGRESS',
  'SYNC_RUN_FINISHED',
  'SYNC_RUN_FAILED',
  'WEBHOOK_ENDPOINT_CREATED',
  'WEBHOOK_ENDPOINT_UPDATED',
  'WEBHOOK_ENDPOINT_DISABLED',
  'WEBHOOK_ENDPOINT_DELETED',
] as const satisfies readonly EventType[];

/** The types as checkbox options. */
export const EVENT_TYPE_OPTIONS = EVENT_TYPES.map((type) => ({ value: type, label: humanize(type) }));
