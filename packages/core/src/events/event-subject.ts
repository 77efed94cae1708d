import type { UserResource } from '../read-model.ts';

/** A group as an event's subject snapshot shows it. */
export interface EventSubjectGroup {
  readonly id: string;
  readonly iamId: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** How many members the group had as the event committed. */
  readonly memberCount: number;
}

/**
 * An event's subject as it was when the event committed, taken in the event's own transaction
 * (a webhook delivered hours later still shows the state of then). Users and groups only; a
 * subject deleted by the change has none.
 */
export type EventSubject =
  /** The user with its emails, attributes and group ids (`groupIds` always filled). */
  { readonly type: 'USER'; readonly user: UserResource } | { readonly type: 'GROUP'; readonly group: EventSubjectGroup };
