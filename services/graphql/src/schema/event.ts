import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { EVENT_TYPES, RosterError, type RosterEvent } from '@roster/core';
import { builder } from '../builder.ts';
import { decodeEventCursor, encodeEventCursor } from '../event-cursor.ts';
import { streamEvents } from '../event-stream.ts';

export const EventTypeEnum = builder.enumType('EventType', { values: EVENT_TYPES });
const SubjectTypeEnum = builder.enumType('EventSubjectType', { values: ['IAM', 'USER', 'GROUP', 'SYNC_RUN', 'WEBHOOK_ENDPOINT'] as const });

/** One committed change, from the durable event log. */
export const EventRef = builder.objectRef<RosterEvent>('Event').implement({
  authScopes: { read: true },
  fields: (t) => ({
    cursor: t.string({
      description: 'Opaque; pass it as `after` to continue after this event.',
      resolve: (event) => encodeEventCursor(event.seq),
    }),
    sequence: t.float({ description: 'Global, strictly increasing, in commit order.', resolve: (event) => event.seq }),
    type: t.field({ type: EventTypeEnum, resolve: (event) => event.type }),
    occurredAt: t.field({ type: 'DateTime', resolve: (event) => event.occurredAt }),
    iamId: t.exposeString('iamId'),
    subjectType: t.field({ type: SubjectTypeEnum, resolve: (event) => event.subjectType }),
    subjectId: t.exposeString('subjectId', { description: 'IAM ID, or the raw id of the user, group or sync run.' }),
    changes: t.field({
      type: 'JSON',
      description: 'What changed: field -> { from, to } for updates; the new state for creations.',
      resolve: (event) => event.data,
    }),
  }),
});

const EventEdge = builder.objectRef<RosterEvent>('EventEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: (event) => encodeEventCursor(event.seq) }),
    node: t.field({ type: EventRef, resolve: (event) => event }),
  }),
});
const EventPage = builder.objectRef<{ events: RosterEvent[]; hasNextPage: boolean; after: number }>('EventConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [EventEdge], resolve: (page) => page.events }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.string({
      nullable: true,
      resolve: (page) =>
        page.events.length ? encodeEventCursor(page.events.at(-1)!.seq) : page.after ? encodeEventCursor(page.after) : null,
    }),
  }),
});

builder.queryFields((t) => ({
  events: t.field({
    type: EventPage,
    authScopes: { read: true },
    description:
      'The durable event log, oldest first, paged by cursor. With `last`: the newest `last` events (still oldest first), and an endCursor to go on live from (provisioningEvents) even when there are none.',
    args: {
      iamId: t.arg.string(),
      types: t.arg({ type: [EventTypeEnum] }),
      subjectId: t.arg.string({
        description: "Only the events about this subject: a user's or group's node ID (or raw id), an IAM ID, a sync run's id.",
      }),
      after: t.arg.string(),
      first: t.arg.int({ defaultValue: 50, validate: z.number().int().min(1).max(100) }),
      last: t.arg.int({ validate: z.number().int().min(1).max(100) }),
    },
    resolve: async (_root, args, ctx) => {
      const filter = {
        iamId: args.iamId ?? undefined,
        types: args.types ?? undefined,
        subjectId: args.subjectId ? rawSubjectId(args.subjectId) : undefined,
      };
      if (typeof args.last === 'number') {
        if (args.after) throw new RosterError('VALIDATION_FAILED', 'Pass either `after` or `last`, not both.');
        // Read the log's end first: an event committed meanwhile is in the page or after its end.
        const end = await ctx.roster.events.lastSeq();
        const events = await ctx.roster.events.readAfter({ after: 0, ...filter, limit: args.last, newest: true });
        return { events, hasNextPage: false, after: Math.max(end, events.at(-1)?.seq ?? 0) };
      }
      const after = args.after ? decodeEventCursor(args.after) : 0;
      const first = args.first ?? 50;
      const events = await ctx.roster.events.readAfter({ after, ...filter, limit: first + 1 });
      return { events: events.slice(0, first), hasNextPage: events.length > first, after };
    },
  }),
}));

builder.subscriptionFields((t) => ({
  provisioningEvents: t.field({
    type: EventRef,
    authScopes: { read: true },
    description:
      'Replays every event after `after` (or, without it, starts from now), then streams new ones live: in order, none missed, none twice.',
    args: { iamId: t.arg.string(), types: t.arg({ type: [EventTypeEnum] }), after: t.arg.string() },
    subscribe: async (_root, args, ctx) =>
      streamEvents(ctx.hub, {
        after: args.after ? decodeEventCursor(args.after) : await ctx.roster.events.lastSeq(),
        iamId: args.iamId ?? undefined,
        types: args.types ?? undefined,
      }),
    resolve: (event) => event,
  }),
}));

// Events name users and groups by their raw id; a frontend holds their node IDs. An IAM ID or a
// raw id is no node ID of a User or Group, and is taken as it is.
function rawSubjectId(id: string): string {
  try {
    const { typename, id: raw } = decodeGlobalID(id);
    return typename === 'User' || typename === 'Group' ? raw : id;
  } catch {
    return id;
  }
}
