import type { RosterEvent } from '@roster/core';
import { builder } from '../builder.ts';
import { EventRef } from './event.ts';
import { GroupNode } from './group.ts';
import { IamRef } from './iam.ts';
import { SyncRunNode } from './sync-run.ts';
import { UserNode } from './user.ts';
import { WebhookEndpointRef } from './webhook.ts';
import { holds } from '../context.ts';

// The thing an event is about, as it is now: loaded per request in batches (a page of events
// costs one statement per kind of subject), null once it is gone (a deleted group, a removed
// built-in user). Defined apart from event.ts so that event.ts need not import every type.

/** What each loaded subject is, so the union can tell its type without guessing from its fields. */
const kinds = new WeakMap<object, 'User' | 'Group' | 'Iam' | 'SyncRun' | 'WebhookEndpoint'>();
const KIND = {
  USER: 'User',
  GROUP: 'Group',
  IAM: 'Iam',
  SYNC_RUN: 'SyncRun',
  WEBHOOK_ENDPOINT: 'WebhookEndpoint',
} as const satisfies Record<RosterEvent['subjectType'], string>;

const EventSubject = builder.unionType('EventSubject', {
  types: [UserNode, GroupNode, IamRef, SyncRunNode, WebhookEndpointRef],
  resolveType: (subject) => kinds.get(subject)!,
});

builder.objectFields(EventRef, (t) => ({
  subject: t.field({
    type: EventSubject,
    nullable: true,
    description: 'The user, group, IAM, sync run or webhook endpoint the event is about, as it is now; null once it is gone.',
    resolve: async (event, _args, ctx) => {
      const subject = await (event.subjectType === 'USER'
        ? ctx.loaders.user.load(event.subjectId)
        : event.subjectType === 'GROUP'
          ? ctx.loaders.group.load(event.subjectId)
          : event.subjectType === 'SYNC_RUN'
            ? ctx.loaders.syncRun.load(event.subjectId)
            : event.subjectType === 'WEBHOOK_ENDPOINT'
              ? // Webhook configuration is APPLICATION_ADMIN's: other readers see the event, not the endpoint.
                holds(ctx, 'APPLICATION_ADMIN')
                ? ctx.roster.webhookEndpoint(event.subjectId)
                : null
              : ctx.loaders.iam.load(event.subjectId).catch(() => null));
      if (subject) kinds.set(subject, KIND[event.subjectType]);
      return subject;
    },
  }),
}));
