import { z } from 'zod';
import { runChange, type RosterDeps } from '../context.ts';
import { RosterError } from '../errors.ts';
import { diffFields } from '../events/diff-fields.ts';
import { decodeEventCursor } from '../events/event-cursor.ts';
import { EVENT_TYPES, type EventDraft, type RosterEventWithSubject } from '../events/event-types.ts';
import { originKey, type EventOrigin } from '../events/event-origin.ts';
import { BUILTIN_IAM_ID } from '../model.ts';
import type { ReadRepositories, WebhookDeliveryPage, WebhookEndpointChanges, WebhookEndpointProgress } from '../ports.ts';
import { parseInput } from '../rules/parse-input.ts';
import { DEFAULT_WEBHOOK_DISABLE_AFTER_MS, DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS } from './webhook-message.ts';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-model.ts';
import type { WebhookRetryPolicy } from './webhook-retry.ts';
import { checkWebhookUrl, type WebhookAddressPolicy } from './webhook-url.ts';

/** How webhooks behave: which addresses they call, when they retry, how long a rotated secret still signs. */
export interface WebhookServiceOptions {
  readonly webhooks?: {
    readonly denyPrivate?: boolean;
    readonly retryScheduleMs?: readonly number[];
    readonly disableAfterMs?: number;
  };
}

/** An event as an endpoint receives it: with its origin and its subject as it was at that event. */
export type WebhookEvent = RosterEventWithSubject;

const SECRET_BYTES = 32;
/** The configuration an event shows (never a secret). */
const SHOWN_FIELDS = [
  'url',
  'description',
  'iamId',
  'types',
  'excludeOrigins',
  'enabled',
] as const satisfies readonly (keyof WebhookEndpoint)[];
const DEFAULT_GRACE_SECONDS = 24 * 3600;
const MAX_GRACE_SECONDS = 7 * 24 * 3600;

const endpointFields = {
  url: z.string().trim().min(1, 'url is required'),
  iamId: z.string().trim().min(1).nullish(),
  types: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).nullish(),
  excludeOrigins: z.array(z.string().trim().min(1).max(200)).max(50).nullish(),
  description: z.string().trim().max(500).nullish(),
};
const createSchema = z.object({ ...endpointFields, enabled: z.boolean().nullish() });
const updateSchema = z.object({ ...endpointFields, url: endpointFields.url.optional(), enabled: z.boolean().nullish() });

/** What createWebhookEndpoint takes. */
export type CreateWebhookEndpointInput = z.input<typeof createSchema>;
/** What updateWebhookEndpoint takes: given fields change; a null iamId, types or description clears it. */
export type UpdateWebhookEndpointInput = z.input<typeof updateSchema>;

/** A secret as Standard Webhooks has it: `whsec_` and the base64 of its bytes. */
const toWebhookSecret = (base64url: string) => {
  const base64 = base64url.replaceAll('-', '+').replaceAll('_', '/');
  return `whsec_${base64}${'='.repeat((4 - (base64.length % 4)) % 4)}`;
};

/** Whether an endpoint skips an event of this origin (`excludeOrigins` holds origin keys or kinds). */
export function excludesOrigin(endpoint: Pick<WebhookEndpoint, 'excludeOrigins'>, origin: EventOrigin | null): boolean {
  if (!origin || endpoint.excludeOrigins.length === 0) return false;
  const key = originKey(origin);
  return endpoint.excludeOrigins.some((excluded) => excluded === key || excluded === origin.kind);
}

/**
 * Webhook endpoints: configured by APPLICATION_ADMIN through GraphQL, delivered to by the worker
 * (`webhookDelivery`, used by @roster/webhooks). The signing secret is shown once and sealed;
 * every change is an event of the log, like any other configuration change.
 */
export function createWebhookService(deps: RosterDeps, options: WebhookServiceOptions = {}) {
  const addressPolicy: WebhookAddressPolicy = { denyPrivate: options.webhooks?.denyPrivate ?? false };
  const retryPolicy: WebhookRetryPolicy = {
    scheduleMs: options.webhooks?.retryScheduleMs ?? DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
    disableAfterMs: options.webhooks?.disableAfterMs ?? DEFAULT_WEBHOOK_DISABLE_AFTER_MS,
  };
  const read = <T>(work: (repos: ReadRepositories) => Promise<T>) => deps.store.read(work);
  const requireEndpoint = (endpoint: WebhookEndpoint | null, id: string): WebhookEndpoint => {
    if (!endpoint) throw new RosterError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint with id "${id}".`, { details: { id } });
    return endpoint;
  };
  const newSecret = () => toWebhookSecret(deps.random.token(SECRET_BYTES));
  const draft = (type: EventDraft['type'], endpoint: WebhookEndpoint, data: Record<string, unknown>): EventDraft => ({
    type,
    iamId: endpoint.iamId ?? BUILTIN_IAM_ID,
    subjectType: 'WEBHOOK_ENDPOINT',
    subjectId: endpoint.id,
    data,
  });
  const shown = (endpoint: WebhookEndpoint) => Object.fromEntries(SHOWN_FIELDS.map((field) => [field, endpoint[field]]));
  /** Changes one endpoint in a transaction that records `type`; `change` returns the fields to save and the event's data. */
  const change = (
    id: string,
    type: EventDraft['type'],
    work: (before: WebhookEndpoint) => Promise<{ changes: WebhookEndpointChanges; data?: Record<string, unknown> }>,
  ) =>
    runChange(deps, async (tx, record) => {
      const before = requireEndpoint(await tx.webhooks.get(id), id);
      const { changes, data } = await work(before);
      const after: WebhookEndpoint = { ...before, ...changes, updatedAt: deps.clock.now() };
      await tx.webhooks.update(id, changes);
      record(draft(type, after, data ?? { changes: diffFields(before, after, SHOWN_FIELDS) }));
      return after;
    });

  return {
    /**
     * Adds an endpoint; it receives the events committed from now on. Returns the signing secret,
     * this once (it is sealed at rest).
     */
    async createWebhookEndpoint(input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      const parsed = parseInput(createSchema, input, 'webhook endpoint');
      const url = checkWebhookUrl(parsed.url, addressPolicy);
      const secret = newSecret();
      const now = deps.clock.now();
      const endpoint: WebhookEndpoint = {
        id: deps.random.uuid(),
        url,
        description: parsed.description ?? null,
        iamId: parsed.iamId ?? null,
        types: parsed.types ?? [],
        excludeOrigins: parsed.excludeOrigins ?? [],
        enabled: parsed.enabled ?? true,
        disabledReason: null,
        secret: await deps.secrets.seal(secret),
        previousSecret: null,
        previousSecretUntil: null,
        cursor: await deps.store.events.lastSeq(),
        failedAttempts: 0,
        retryAt: null,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      };
      await runChange(deps, async (tx, record) => {
        if (endpoint.iamId && !(await tx.iams.get(endpoint.iamId))) {
          throw new RosterError('IAM_NOT_FOUND', `No IAM with ID "${endpoint.iamId}".`, { details: { iamId: endpoint.iamId } });
        }
        await tx.webhooks.insert(endpoint);
        record(draft('WEBHOOK_ENDPOINT_CREATED', endpoint, shown(endpoint)));
      });
      return { endpoint, secret };
    },

    /** Changes an endpoint's URL, filters, description or enabled state. Enabling a disabled endpoint resumes where it stopped. */
    updateWebhookEndpoint(id: string, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
      const parsed = parseInput(updateSchema, input, 'webhook endpoint');
      return change(id, 'WEBHOOK_ENDPOINT_UPDATED', async (before) => {
        const changes: { -readonly [K in keyof WebhookEndpointChanges]: WebhookEndpointChanges[K] } = {};
        if (parsed.url !== undefined) changes.url = checkWebhookUrl(parsed.url, addressPolicy);
        if (parsed.iamId !== undefined) changes.iamId = parsed.iamId;
        if (parsed.types !== undefined) changes.types = parsed.types ?? [];
        if (parsed.excludeOrigins !== undefined) changes.excludeOrigins = parsed.excludeOrigins ?? [];
        if (parsed.description !== undefined) changes.description = parsed.description;
        if (parsed.enabled !== undefined && parsed.enabled !== null) {
          changes.enabled = parsed.enabled;
          if (parsed.enabled && !before.enabled)
            Object.assign(changes, { disabledReason: null, failingSince: null, failedAttempts: 0, retryAt: null });
        }
        return { changes };
      });
    },

    /** Removes an endpoint and its delivery history. */
    async deleteWebhookEndpoint(id: string): Promise<WebhookEndpoint> {
      return runChange(deps, async (tx, record) => {
        const endpoint = requireEndpoint(await tx.webhooks.get(id), id);
        await tx.webhooks.delete(id);
        record(draft('WEBHOOK_ENDPOINT_DELETED', endpoint, shown(endpoint)));
        return endpoint;
      });
    },

    /**
     * A new signing secret, returned this once. For `graceSeconds` (default a day) deliveries are
     * signed with both, so receivers can switch over without missing one.
     */
    async rotateWebhookSecret(id: string, graceSeconds = DEFAULT_GRACE_SECONDS): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
      if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
        throw new RosterError('VALIDATION_FAILED', `graceSeconds must be a whole number from 0 to ${MAX_GRACE_SECONDS}.`, {
          details: { field: 'graceSeconds' },
        });
      }
      const secret = newSecret();
      const sealed = await deps.secrets.seal(secret);
      const endpoint = await change(id, 'WEBHOOK_ENDPOINT_UPDATED', async (before) => ({
        changes: {
          secret: sealed,
          previousSecret: graceSeconds > 0 ? before.secret : null,
          previousSecretUntil: graceSeconds > 0 ? new Date(deps.clock.now().getTime() + graceSeconds * 1000) : null,
        },
        data: { secretRotated: true, graceSeconds },
      }));
      return { endpoint, secret };
    },

    /** Delivers again, in order, every event after `after` (an event cursor); the endpoint's next event is the one after it. */
    replayWebhookEndpoint: async (id: string, after: string): Promise<WebhookEndpoint> => {
      const seq = decodeEventCursor(after);
      const head = await deps.store.events.lastSeq();
      if (seq > head)
        throw new RosterError('VALIDATION_FAILED', 'The cursor is past the end of the event log.', { details: { field: 'after' } });
      return change(id, 'WEBHOOK_ENDPOINT_UPDATED', async () => ({
        changes: { cursor: seq, failedAttempts: 0, retryAt: null },
        data: { replayAfter: seq },
      }));
    },

    webhookEndpoints: (): Promise<WebhookEndpoint[]> => read((repos) => repos.webhooks.list()),
    webhookEndpoint: (id: string): Promise<WebhookEndpoint | null> => read((repos) => repos.webhooks.get(id)),
    /** The endpoint, or WEBHOOK_ENDPOINT_NOT_FOUND. */
    requireWebhookEndpoint: async (id: string): Promise<WebhookEndpoint> =>
      requireEndpoint(await read((repos) => repos.webhooks.get(id)), id),
    webhookDeliveries: (endpointId: string, page: WebhookDeliveryPage): Promise<WebhookDelivery[]> =>
      read((repos) => repos.webhooks.deliveries(endpointId, page)),

    /** The delivery's use cases (@roster/webhooks): leases, the events due, progress, signing secrets. */
    webhookDelivery: {
      addressPolicy,
      retryPolicy,
      claim: (owner: string, leaseMs: number, limit: number, head: number) =>
        deps.store.webhookDelivery.claim({ owner, leaseMs, limit, head, now: deps.clock.now() }),
      /**
       * The head of the log, then the endpoint's events after its cursor (its IAM and types; origins
       * are the caller's to skip) up to that head. `complete`: they are all of them, so once they
       * are delivered the cursor may move to `head` (the events between matched nothing).
       */
      async eventsDue(endpoint: WebhookEndpoint, limit: number): Promise<{ head: number; events: WebhookEvent[]; complete: boolean }> {
        const head = await deps.store.events.lastSeq();
        const events = await deps.store.events.readAfter({
          after: endpoint.cursor,
          ...(endpoint.iamId ? { iamId: endpoint.iamId } : {}),
          ...(endpoint.types.length ? { types: endpoint.types } : {}),
          limit,
          subjects: true,
        });
        return { head, events: events.filter((event) => event.seq <= head), complete: events.length < limit };
      },
      settle: (
        endpointId: string,
        owner: string,
        attempts: readonly WebhookDelivery[],
        progress: WebhookEndpointProgress,
        leaseMs: number | null,
      ) =>
        deps.store.webhookDelivery.settle({
          endpointId,
          owner,
          attempts,
          progress,
          leaseUntil: leaseMs === null ? null : new Date(deps.clock.now().getTime() + leaseMs),
        }),
      release: (endpointId: string, owner: string) => deps.store.webhookDelivery.release(endpointId, owner),
      recordAttempt: (attempt: WebhookDelivery) => deps.store.webhookDelivery.recordAttempt(attempt),
      prune: (before: Date) => deps.store.webhookDelivery.prune(before),
      /** The secrets to sign with: the current one, and the previous one during its grace period. */
      async signingSecrets(endpoint: WebhookEndpoint): Promise<string[]> {
        const current = await deps.secrets.open(endpoint.secret);
        const previous = endpoint.previousSecret;
        const inGrace = previous !== null && endpoint.previousSecretUntil !== null && endpoint.previousSecretUntil > deps.clock.now();
        return inGrace ? [current, await deps.secrets.open(previous)] : [current];
      },
      /** Disables an endpoint that kept failing, with an event saying so; its owner's lease ends. */
      disable: (id: string, reason: string, failingSince: Date) =>
        change(id, 'WEBHOOK_ENDPOINT_DISABLED', async () => ({
          changes: { enabled: false, disabledReason: reason, failingSince },
          data: { reason, failingSince: failingSince.toISOString() },
        })),
      /** A new id for a try's record. */
      newId: () => deps.random.uuid(),
      now: () => deps.clock.now(),
    },
  };
}
