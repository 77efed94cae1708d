import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { WebhookDelivery, WebhookEndpoint } from '@roster/core';
import { builder } from '../builder.ts';
import { decodeCursor, encodeCursor } from '../connection.ts';
import { encodeEventCursor } from '../event-cursor.ts';
import { EventTypeEnum } from './event.ts';

// Webhook endpoints (issue 14): APPLICATION_ADMIN only, like the other configuration with secrets.
const ADMIN = { permission: 'APPLICATION_ADMIN' } as const;

export const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'One try of a delivery (or of a ping) and what the receiver answered.',
  authScopes: ADMIN,
  fields: (t) => ({
    id: t.exposeID('id'),
    messageId: t.exposeString('messageId', { description: 'The webhook-id header: the same on every try of one event.' }),
    eventCursor: t.string({
      nullable: true,
      description: 'The cursor of the event delivered; null for a ping.',
      resolve: (attempt) => (attempt.eventSeq === null ? null : encodeEventCursor(attempt.eventSeq)),
    }),
    type: t.exposeString('type', { description: "The body's type: user.created, webhook.ping, ..." }),
    attempt: t.exposeInt('attempt', { description: '1 for the first try of the event.' }),
    attemptedAt: t.field({ type: 'DateTime', resolve: (attempt) => attempt.attemptedAt }),
    status: t.exposeInt('status', { nullable: true, description: 'The HTTP status; null when no answer came.' }),
    succeeded: t.boolean({ resolve: (attempt) => attempt.error === null }),
    durationMs: t.exposeInt('durationMs'),
    error: t.exposeString('error', { nullable: true }),
    response: t.exposeString('response', { nullable: true, description: 'The first KB of the response body.' }),
  }),
});

const DeliveryEdge = builder.objectRef<WebhookDelivery>('WebhookDeliveryEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: deliveryCursor }),
    node: t.field({ type: WebhookDeliveryRef, resolve: (attempt) => attempt }),
  }),
});
const DeliveryPage = builder.objectRef<{ tries: WebhookDelivery[]; hasNextPage: boolean }>('WebhookDeliveryConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [DeliveryEdge], resolve: (page) => page.tries }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.string({ nullable: true, resolve: (page) => (page.tries.length ? deliveryCursor(page.tries.at(-1)!) : null) }),
  }),
});

export const WebhookEndpointRef = builder.objectRef<WebhookEndpoint>('WebhookEndpoint').implement({
  description: 'Where Roster posts events, signed per the Standard Webhooks specification, in order.',
  authScopes: ADMIN,
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    iamId: t.exposeString('iamId', { nullable: true, description: "Only this IAM's events; null: every IAM's." }),
    types: t.field({
      type: [EventTypeEnum],
      description: 'Only these types; empty: every type.',
      resolve: (endpoint) => [...endpoint.types],
    }),
    excludeOrigins: t.stringList({
      description: 'Events of these origins are skipped: origin keys (Event.origin.key) or kinds (API_TOKEN, SCIM, ...).',
      resolve: (endpoint) => [...endpoint.excludeOrigins],
    }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', { nullable: true, description: 'Why Roster disabled it; null otherwise.' }),
    cursor: t.string({
      description: 'The last event delivered or given up on; delivery goes on after it.',
      resolve: (endpoint) => encodeEventCursor(endpoint.cursor),
    }),
    failedAttempts: t.exposeInt('failedAttempts', { description: 'Failed tries of the next event.' }),
    retryAt: t.field({ type: 'DateTime', nullable: true, resolve: (endpoint) => endpoint.retryAt }),
    failingSince: t.field({ type: 'DateTime', nullable: true, resolve: (endpoint) => endpoint.failingSince }),
    previousSecretUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Until when deliveries are also signed with the secret before the last rotation.',
      resolve: (endpoint) =>
        endpoint.previousSecretUntil && endpoint.previousSecretUntil > new Date() ? endpoint.previousSecretUntil : null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (endpoint) => endpoint.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (endpoint) => endpoint.updatedAt }),
    deliveries: t.field({
      type: DeliveryPage,
      description: 'Every try, newest first.',
      args: { first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(1).max(100) }), after: t.arg.string() },
      resolve: async (endpoint, args, ctx) => {
        const first = args.first ?? 20;
        const before = args.after ? decodeDeliveryCursor(args.after) : undefined;
        const tries = await ctx.roster.webhookDeliveries(endpoint.id, { limit: first + 1, ...(before ? { before } : {}) });
        return { tries: tries.slice(0, first), hasNextPage: tries.length > first };
      },
    }),
  }),
});

const WithSecret = builder.objectRef<{ endpoint: WebhookEndpoint; secret: string }>('WebhookEndpointWithSecret').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, resolve: (payload) => payload.endpoint }),
    secret: t.exposeString('secret', { description: 'The signing secret (whsec_...), shown this once; it is sealed at rest.' }),
  }),
});

const EndpointInput = builder.inputType('WebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({
      description: 'http(s); link-local and cloud metadata addresses are refused, private ones under WEBHOOK_DENY_PRIVATE.',
    }),
    iamId: t.string(),
    types: t.field({ type: [EventTypeEnum] }),
    excludeOrigins: t.stringList(),
    description: t.string(),
    enabled: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  webhookEndpoints: t.field({
    type: [WebhookEndpointRef],
    authScopes: ADMIN,
    resolve: (_root, _args, ctx) => ctx.roster.webhookEndpoints(),
  }),
  webhookEndpoint: t.field({
    type: WebhookEndpointRef,
    nullable: true,
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.roster.webhookEndpoint(String(id)),
  }),
}));

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: WithSecret,
    authScopes: ADMIN,
    description: 'Adds an endpoint; it receives the events committed from now on. The secret is shown this once.',
    args: {
      input: t.arg({
        type: builder.inputType('CreateWebhookEndpointInput', {
          fields: (f) => ({
            url: f.string({ required: true }),
            iamId: f.string(),
            types: f.field({ type: [EventTypeEnum] }),
            excludeOrigins: f.stringList(),
            description: f.string(),
          }),
        }),
        required: true,
      }),
    },
    resolve: (_root, { input }, ctx) => ctx.roster.createWebhookEndpoint(input),
  }),
  updateWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    authScopes: ADMIN,
    description: 'Changes the fields given (null clears iamId, types, description). Enabling a disabled endpoint resumes where it stopped.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: EndpointInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => ctx.roster.updateWebhookEndpoint(String(id), { ...input, url: input.url ?? undefined }),
  }),
  deleteWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.roster.deleteWebhookEndpoint(String(id)),
  }),
  rotateWebhookSecret: t.field({
    type: WithSecret,
    authScopes: ADMIN,
    description: 'A new signing secret, shown this once; for graceSeconds (default a day) deliveries carry signatures of both.',
    args: { id: t.arg.id({ required: true }), graceSeconds: t.arg.int() },
    resolve: (_root, { id, graceSeconds }, ctx) => ctx.roster.rotateWebhookSecret(String(id), graceSeconds ?? undefined),
  }),
  replayWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    authScopes: ADMIN,
    description: 'Delivers again, in order and with their original webhook-id, the events after `after` (an event cursor).',
    args: { id: t.arg.id({ required: true }), after: t.arg.string({ required: true }) },
    resolve: (_root, { id, after }, ctx) => ctx.roster.replayWebhookEndpoint(String(id), after),
  }),
  testWebhookEndpoint: t.field({
    type: WebhookDeliveryRef,
    authScopes: ADMIN,
    description: 'Posts a signed webhook.ping to the endpoint now and returns the try (also kept in its deliveries).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const ping = ctx.integrations?.pingWebhookEndpoint;
      const endpoint = await ctx.roster.requireWebhookEndpoint(String(id));
      if (!ping) throw new GraphQLError('Webhook tests are not available in this deployment.', { extensions: { code: 'NOT_IMPLEMENTED' } });
      return ping(endpoint);
    },
  }),
}));

function deliveryCursor(attempt: WebhookDelivery): string {
  return encodeCursor('webhookDelivery', [attempt.attemptedAt.toISOString(), attempt.id]);
}

function decodeDeliveryCursor(cursor: string): { attemptedAt: Date; id: string } {
  const [at, id] = decodeCursor('webhookDelivery', cursor, 2, { after: cursor });
  return { attemptedAt: new Date(at!), id: id! };
}
