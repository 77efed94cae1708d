import type { EventOrigin } from './event-origin.ts';
import type { EventSubject } from './event-subject.ts';

/** Every kind of change Roster records. Each committed change has at least one event. */
export const EVENT_TYPES = [
  'IAM_CREATED',
  'IAM_UPDATED',
  'IAM_DELETED',
  'SCIM_TOKEN_ROTATED',
  'USER_CREATED',
  'USER_UPDATED',
  'USER_DEACTIVATED',
  'USER_REACTIVATED',
  'USER_DELETED',
  'USER_MIGRATED',
  'USER_ATTRIBUTES_CHANGED',
  'GROUP_CREATED',
  'GROUP_UPDATED',
  'GROUP_DELETED',
  'GROUP_ATTRIBUTES_CHANGED',
  'MEMBERSHIP_ADDED',
  'MEMBERSHIP_REMOVED',
  'SYNC_RUN_STARTED',
  'SYNC_RUN_PROGRESS',
  'SYNC_RUN_FINISHED',
  'SYNC_RUN_FAILED',
  'WEBHOOK_ENDPOINT_CREATED',
  'WEBHOOK_ENDPOINT_UPDATED',
  'WEBHOOK_ENDPOINT_DELETED',
  'WEBHOOK_ENDPOINT_DISABLED',
] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** What an event is about. */
export type SubjectType = 'IAM' | 'USER' | 'GROUP' | 'SYNC_RUN' | 'WEBHOOK_ENDPOINT';

/** A change summary: field -> previous and new value (secrets never appear, only that they changed). */
export type ChangeSet = Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;

/** An event as a use case describes it, before the store numbers it. */
export interface EventDraft {
  readonly type: EventType;
  readonly iamId: string;
  readonly subjectType: SubjectType;
  readonly subjectId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** An event as committed: numbered by a global, strictly increasing sequence. */
export interface RosterEvent extends EventDraft {
  readonly seq: number;
  readonly occurredAt: Date;
  /** Who or what made the change; null only for events written before origins were recorded. */
  readonly origin: EventOrigin | null;
}

/** An event read with its subject snapshot (`EventLogReader.readAfter` with `subjects: true`). */
export interface RosterEventWithSubject extends RosterEvent {
  /** The user or group as it was at this event; null for other subjects, deleted ones and old events. */
  readonly subject: EventSubject | null;
}
