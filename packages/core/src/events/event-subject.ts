import type { Group } from '../model.ts';
import type { UserResource } from '../read-model.ts';

/** A group as an event's subject snapshot shows it: the group and how many members it had as the event committed. */
export interface EventSubjectGroup extends Group {
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
