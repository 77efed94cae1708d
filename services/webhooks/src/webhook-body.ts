import { encodeEventCursor, WEBHOOK_PING_TYPE, WEBHOOK_TYPES, type EventSubject, type WebhookEvent } from '@roster/core';

/**
 * The body of an event's delivery: `{ type, timestamp, cursor, data }` as the Standard Webhooks
 * specification shapes it. `timestamp` is when the event happened; `cursor` is its cursor in the
 * log (GraphQL `Event.cursor`, and what `replayWebhookEndpoint(after:)` takes); `data` holds the
 * event (with its origin) and its subject as it was at that event: a user with emails, groups and
 * attributes, or a group with its member count (absent for other subjects, null once deleted).
 */
export function eventBody(event: WebhookEvent): string {
  return JSON.stringify({
    type: WEBHOOK_TYPES[event.type],
    timestamp: event.occurredAt.toISOString(),
    cursor: encodeEventCursor(event.seq),
    data: {
      event: {
        seq: event.seq,
        type: event.type,
        iamId: event.iamId,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        occurredAt: event.occurredAt.toISOString(),
        origin: event.origin,
        data: event.data,
      },
      ...subjectData(event.subject ?? null, event.subjectType),
    },
  });
}

/** The body of a test delivery. */
export function pingBody(endpointId: string, at: Date): string {
  return JSON.stringify({ type: WEBHOOK_PING_TYPE, timestamp: at.toISOString(), cursor: null, data: { endpointId } });
}

function subjectData(subject: EventSubject | null, subjectType: WebhookEvent['subjectType']) {
  if (subject?.type === 'USER') {
    const { user, attributes, groupIds } = subject.user;
    return {
      user: {
        id: user.id,
        iamId: user.iamId,
        userName: user.userName,
        externalId: user.externalId,
        externalUsername: user.externalUsername,
        active: user.active,
        deprovisionedAt: user.deprovisionedAt,
        displayName: user.displayName,
        givenName: user.givenName,
        familyName: user.familyName,
        emails: user.emails,
        profile: user.profile,
        source: user.source,
        permissions: user.permissions,
        groupPermissions: user.groupPermissions,
        groups: groupIds ?? [],
        attributes,
        version: user.version,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
    };
  }
  if (subject?.type === 'GROUP') return { group: subject.group };
  // A user or group event whose subject is gone by commit (deleted in the same change).
  if (subjectType === 'USER') return { user: null };
  if (subjectType === 'GROUP') return { group: null };
  return {};
}
