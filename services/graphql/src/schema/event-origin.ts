import { EVENT_ORIGIN_KINDS, originKey, type EventOrigin } from '@roster/core';
import { builder } from '../builder.ts';
import { EventRef } from './event.ts';

// Who or what made an event's change (core's EventOrigin), flattened: one object with the kind and
// whichever ids that kind has, so clients select the same fields whatever the kind.

const EventOriginKindEnum = builder.enumType('EventOriginKind', { values: EVENT_ORIGIN_KINDS });

const field = <K extends string>(origin: EventOrigin, key: K): string | null =>
  key in origin ? ((origin as Record<K, string>)[key] ?? null) : null;

const EventOriginRef = builder.objectRef<EventOrigin>('EventOrigin').implement({
  description: 'Who or what made a change: a SCIM IAM and token, a sync run, an SSO login, an API token, a user, or Roster itself.',
  fields: (t) => ({
    kind: t.field({ type: EventOriginKindEnum, resolve: (origin) => origin.kind }),
    key: t.string({
      description: "Stable name of the origin: 'SCIM:<iamId>', 'SYNC:<iamId>', 'SSO:<iamId>', 'API_TOKEN:<id>', 'USER:<id>' or 'SYSTEM'.",
      resolve: originKey,
    }),
    iamId: t.string({ nullable: true, description: 'SCIM, SYNC, SSO and USER: the IAM.', resolve: (o) => field(o, 'iamId') }),
    scimTokenId: t.string({
      nullable: true,
      description: "SCIM: the first 12 hex characters of the SCIM token's SHA-256 (changes when the token is rotated).",
      resolve: (o) => field(o, 'scimTokenId'),
    }),
    syncRunId: t.string({ nullable: true, description: 'SYNC: the run.', resolve: (o) => field(o, 'syncRunId') }),
    apiTokenId: t.string({
      nullable: true,
      description: "API_TOKEN: the token's id (`ADMIN_TOKEN` for the operator's ADMIN_TOKEN).",
      resolve: (o) => field(o, 'apiTokenId'),
    }),
    userId: t.string({
      nullable: true,
      description: 'USER: the signed-in user whose session made the change.',
      resolve: (o) => field(o, 'userId'),
    }),
  }),
});

builder.objectFields(EventRef, (t) => ({
  origin: t.field({
    type: EventOriginRef,
    nullable: true,
    description: 'Who or what made the change; null only for events recorded before Roster kept origins.',
    resolve: (event) => event.origin,
  }),
}));
