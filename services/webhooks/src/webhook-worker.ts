import {
  afterFailedTry,
  excludesOrigin,
  webhookMessageId,
  WEBHOOK_PING_TYPE,
  WEBHOOK_TYPES,
  type JobQueue,
  type Roster,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointProgress,
  type WebhookEvent,
} from '@roster/core';
import { eventBody, pingBody } from './webhook-body.ts';
import { createWebhookSender, type WebhookAnswer, type WebhookSender } from './send-webhook.ts';

/** The logging the worker does (pino-compatible); never handed a secret. */
export interface WebhookLogger {
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

/** Options of {@link createWebhookWorker}. */
export interface WebhookWorkerOptions {
  readonly roster: Roster;
  readonly logger?: WebhookLogger;
  /** The shared job queue: the daily pruning of old tries runs on it (none: no pruning here). */
  readonly jobs?: JobQueue;
  /** This process's name, the start of each lease it takes (default: a random one). */
  readonly owner?: string;
  /** How long a lease lasts without a sign of life (default 60 s, well over a try's 15 s timeout). */
  readonly leaseMs?: number;
  /** How often due endpoints are looked for besides when events are committed (default 1 s: retries and expired leases). */
  readonly pollMs?: number;
  /** A try without a complete answer in this time fails (default 15 s). */
  readonly timeoutMs?: number;
  /** Endpoints this process delivers to at once, at most (default 1,000). */
  readonly maxEndpoints?: number;
  /** Tries are kept this long for the history (default 30 days). */
  readonly keepDeliveriesMs?: number;
  /** Told of every try (for the metrics). */
  readonly onTry?: (endpoint: WebhookEndpoint, answer: WebhookAnswer) => void;
}

const silent: WebhookLogger = { info() {}, warn() {}, error() {} };
const EVENTS_PER_READ = 100;
/** Delivered events whose try and cursor may wait to be written, at most (see `deliver`). */
const MAX_UNSETTLED = 32;

/** The job names of webhooks on the queue. */
export const WEBHOOK_JOBS = { prune: 'webhooks.prune' } as const;

/**
 * Delivers the event log to webhook endpoints, in the worker role. Each endpoint is a cursor in
 * the log: the process holding its lease (a column pair in the database, taken with SKIP LOCKED,
 * extended by every try) posts the events after the cursor one at a time, moving the cursor past
 * each once it got a 2xx or gave it up, so event N+1 never goes before N is done. A failed try
 * lets go of the lease until its retry is due, when any worker process may take it up. Each
 * endpoint is its own async loop, so a slow or failing endpoint holds nothing of another's.
 * Processes wake when events are committed (the notifier: Redis, or the log poll) and poll for
 * due retries and the leases of processes that died.
 */
export function createWebhookWorker(options: WebhookWorkerOptions) {
  const { roster } = options;
  const delivery = roster.webhookDelivery;
  const logger = options.logger ?? silent;
  const processName = options.owner ?? `webhooks-${crypto.randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1000;
  const maxEndpoints = options.maxEndpoints ?? 1000;
  const sender: WebhookSender = createWebhookSender({
    policy: delivery.addressPolicy,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const running = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  let timer: ReturnType<typeof setInterval> | null = null;
  let unsubscribe: (() => void) | null = null;
  let claiming: Promise<void> | null = null;
  let claimAgain = false;

  /** Takes the due endpoints this process can, and starts delivering to each. */
  const claim = async () => {
    const room = maxEndpoints - running.size;
    if (room <= 0 || stopping.signal.aborted) return;
    const head = await roster.events.lastSeq();
    // Each claim's leases carry a name of their own: a loop whose lease was ended (a replay, a
    // disable) and taken again by this same process cannot move the cursor of the new one.
    const lease = `${processName}:${delivery.newId()}`;
    const endpoints = await delivery.claim(lease, leaseMs, room, head);
    for (const endpoint of endpoints) {
      const key = `${lease}:${endpoint.id}`;
      const done = deliver(endpoint, lease)
        .catch(async (error: unknown) => {
          logger.error({ err: error, endpointId: endpoint.id }, 'webhook delivery stopped by an error; it resumes at the next poll');
          await delivery.release(endpoint.id, lease).catch(() => {});
        })
        .finally(() => running.delete(key));
      running.set(key, done);
    }
  };
  /** Claims now, or once more after the claim in progress (a wake-up is never lost, never doubled). */
  const poke = (): Promise<void> => {
    if (claiming) {
      claimAgain = true;
      return claiming;
    }
    claiming = (async () => {
      do {
        claimAgain = false;
        await claim().catch((error: unknown) => logger.warn({ err: error }, 'looking for due webhook endpoints failed'));
      } while (claimAgain && !stopping.signal.aborted);
    })().finally(() => (claiming = null));
    return claiming;
  };

  // Endpoints at one point of the log post the same event: its body is built once. A secret is
  // opened once per sealed value (a rotation seals a new one).
  const bodies = boundedCache<number, string>(2_000);
  const secrets = boundedCache<string, Promise<string[]>>(10_000);
  const send = async (endpoint: WebhookEndpoint, messageId: string, body: string) => {
    const inGrace = endpoint.previousSecretUntil !== null && endpoint.previousSecretUntil > delivery.now();
    const key = `${endpoint.secret}|${inGrace ? endpoint.previousSecret : ''}`;
    const signing = secrets.get(key) ?? secrets.set(key, delivery.signingSecrets(endpoint));
    signing.catch(() => secrets.delete(key));
    return sender.send({ url: endpoint.url, messageId, body, secrets: await signing, signal: stopping.signal });
  };
  const record = (
    endpoint: WebhookEndpoint,
    messageId: string,
    seq: number | null,
    type: string,
    attempt: number,
    at: Date,
    answer: WebhookAnswer,
  ) => {
    options.onTry?.(endpoint, answer);
    return tryRecord(delivery.newId(), endpoint, { messageId, seq, type, attempt, at }, answer);
  };

  /**
   * Delivers to one leased endpoint until it is caught up, must wait for a retry, or the lease is
   * lost. Posts go strictly one after the other; what they leave to write (their tries, the
   * cursor) is written behind them: while one settle statement runs, the deliveries after it
   * gather into the next, so a fast receiver is not held to one commit per event. The cursor only
   * ever moves forward in order, and at most {@link MAX_UNSETTLED} delivered events are not yet
   * written: a crash re-sends those (with their ids), nothing else.
   */
  const deliver = async (claimed: WebhookEndpoint, owner: string): Promise<void> => {
    let endpoint = claimed;
    let inFlight: Promise<boolean> = Promise.resolve(true);
    let gathering: { attempts: WebhookDelivery[]; progress: WebhookEndpointProgress; keepLease: boolean } | null = null;
    let unsettled = 0;
    let leaseLost = false;
    const progressOf = (from: WebhookEndpoint): WebhookEndpointProgress => ({
      cursor: from.cursor,
      failedAttempts: from.failedAttempts,
      retryAt: null,
      failingSince: from.failingSince,
    });
    /** Writes a try and the progress after the writes before it; resolves with whether the lease is still held. */
    const settle = (attempt: WebhookDelivery | null, progress: WebhookEndpointProgress, keepLease: boolean): Promise<boolean> => {
      endpoint = { ...endpoint, ...progress };
      if (attempt) unsettled += 1;
      if (gathering) {
        if (attempt) gathering.attempts.push(attempt);
        Object.assign(gathering, { progress, keepLease });
        return inFlight;
      }
      const next = { attempts: attempt ? [attempt] : [], progress, keepLease };
      gathering = next;
      inFlight = inFlight.then(async (held) => {
        if (gathering === next) gathering = null;
        if (!held) return false;
        const stillHeld = await delivery.settle(endpoint.id, owner, next.attempts, next.progress, next.keepLease ? leaseMs : null);
        unsettled -= next.attempts.length;
        if (!stillHeld) leaseLost = true;
        return stillHeld;
      });
      return inFlight;
    };
    const release = async () => {
      await inFlight.catch(() => false);
      await delivery.release(endpoint.id, owner);
    };
    for (;;) {
      const { head, events, complete } = await delivery.eventsDue(endpoint, EVENTS_PER_READ);
      for (const event of events) {
        if (stopping.signal.aborted) return release();
        if (excludesOrigin(endpoint, event.origin)) {
          endpoint = { ...endpoint, cursor: event.seq, failedAttempts: 0 };
          continue;
        }
        const outcome = await tryEvent(endpoint, event);
        // The lease went (a replay, a disable) while events were posted: the new holder goes on.
        if (leaseLost) return;
        if (outcome.kind === 'STOPPED') return release();
        if (outcome.kind === 'ADVANCE') {
          void settle(outcome.attempt, outcome.progress, true).catch(() => false);
          if (unsettled >= MAX_UNSETTLED && !(await inFlight)) return;
          continue;
        }
        if (outcome.kind === 'RETRY') return void (await settle(outcome.attempt, outcome.progress, false));
        // DISABLE
        await settle(outcome.attempt, { ...progressOf(endpoint), failingSince: outcome.failingSince }, false);
        await delivery.disable(endpoint.id, outcome.reason, outcome.failingSince);
        logger.warn(
          { endpointId: endpoint.id, failingSince: outcome.failingSince },
          'webhook endpoint disabled: every try failed for too long',
        );
        return;
      }
      if (!complete) {
        if (!(await settle(null, progressOf(endpoint), true))) return;
        continue;
      }
      // Caught up: the cursor moves to the head read before the events (what lay between matched
      // nothing), the lease goes, and a claim looks again for events committed meanwhile.
      await settle(null, { ...progressOf(endpoint), cursor: Math.max(endpoint.cursor, head) }, false);
      void poke();
      return;
    }
  };

  type Outcome =
    /** Delivered, or given up on: the cursor passes the event. */
    | { kind: 'ADVANCE'; attempt: WebhookDelivery; progress: WebhookEndpointProgress }
    | { kind: 'RETRY'; attempt: WebhookDelivery; progress: WebhookEndpointProgress }
    | { kind: 'DISABLE'; attempt: WebhookDelivery; failingSince: Date; reason: string }
    | { kind: 'STOPPED' };

  /** One try of one event: what the endpoint's state becomes. */
  const tryEvent = async (endpoint: WebhookEndpoint, event: WebhookEvent): Promise<Outcome> => {
    const messageId = webhookMessageId(event.seq);
    const at = delivery.now();
    const answer = await send(endpoint, messageId, bodies.get(event.seq) ?? bodies.set(event.seq, eventBody(event)));
    if (answer.aborted) return { kind: 'STOPPED' };
    const attempt = record(endpoint, messageId, event.seq, WEBHOOK_TYPES[event.type], endpoint.failedAttempts + 1, at, answer);
    if (answer.error === null) {
      return { kind: 'ADVANCE', attempt, progress: { cursor: event.seq, failedAttempts: 0, retryAt: null, failingSince: null } };
    }
    const next = afterFailedTry(endpoint, event.seq, delivery.now(), delivery.retryPolicy);
    if (next.kind === 'DISABLE') {
      const reason = `Every try failed since ${next.failingSince.toISOString()} (last: ${answer.error}).`;
      return { kind: 'DISABLE', attempt, failingSince: next.failingSince, reason };
    }
    if (next.kind === 'GIVE_UP') {
      logger.warn({ endpointId: endpoint.id, seq: event.seq, error: answer.error }, 'webhook event given up after its last try');
      return { kind: 'ADVANCE', attempt, progress: next.progress };
    }
    return { kind: 'RETRY', attempt, progress: next.progress };
  };

  return {
    /** Starts delivering: on every commit notice, and on the poll. */
    async start(): Promise<void> {
      if (options.jobs) {
        options.jobs.work(WEBHOOK_JOBS.prune, async () => {
          const pruned = await delivery.prune(new Date(delivery.now().getTime() - (options.keepDeliveriesMs ?? 30 * 86_400_000)));
          if (pruned > 0) logger.info({ pruned }, 'old webhook tries forgotten');
        });
        options.jobs.schedule(WEBHOOK_JOBS.prune, 3_600_000);
      }
      unsubscribe = roster.notifier.subscribe(() => void poke());
      timer = setInterval(() => void poke(), pollMs);
      timer.unref?.();
      await poke();
    },
    /** Stops: tries in flight are aborted (their events go again, with the same id, from whichever process takes the lease). */
    async stop(): Promise<void> {
      unsubscribe?.();
      if (timer) clearInterval(timer);
      stopping.abort();
      await claiming;
      await Promise.all(running.values());
      await sender.close();
    },
    /** Endpoints this process is delivering to now. */
    active: (): number => running.size,
  };
}

/** A webhook worker; see {@link createWebhookWorker}. */
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;

/** A try as the endpoint's history keeps it. */
function tryRecord(
  id: string,
  endpoint: WebhookEndpoint,
  message: { messageId: string; seq: number | null; type: string; attempt: number; at: Date },
  answer: WebhookAnswer,
): WebhookDelivery {
  return {
    id,
    endpointId: endpoint.id,
    messageId: message.messageId,
    eventSeq: message.seq,
    type: message.type,
    attempt: message.attempt,
    attemptedAt: message.at,
    status: answer.status,
    durationMs: answer.durationMs,
    error: answer.error,
    response: answer.response,
  };
}

/**
 * Test deliveries (`testWebhookEndpoint`): a `webhook.ping` posted now, outside the ordered
 * stream, signed like any delivery, from whichever process was asked; the try is kept in the
 * endpoint's history and returned.
 */
export function createWebhookPinger(options: { readonly roster: Roster; readonly timeoutMs?: number }) {
  const delivery = options.roster.webhookDelivery;
  let sender: WebhookSender | null = null;
  return {
    async ping(endpoint: WebhookEndpoint): Promise<WebhookDelivery> {
      sender ??= createWebhookSender({ policy: delivery.addressPolicy, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
      const at = delivery.now();
      const messageId = `msg_ping_${delivery.newId()}`;
      const answer = await sender.send({
        url: endpoint.url,
        messageId,
        body: pingBody(endpoint.id, at),
        secrets: await delivery.signingSecrets(endpoint),
      });
      const attempt = tryRecord(delivery.newId(), endpoint, { messageId, seq: null, type: WEBHOOK_PING_TYPE, attempt: 1, at }, answer);
      await delivery.recordAttempt(attempt);
      return attempt;
    },
    close: async () => sender?.close(),
  };
}

/** A map that forgets its oldest entries past `size`; `set` returns the value. */
function boundedCache<K, V>(size: number) {
  const entries = new Map<K, V>();
  return {
    get: (key: K): V | undefined => entries.get(key),
    delete: (key: K): void => void entries.delete(key),
    set(key: K, value: V): V {
      if (entries.size >= size) entries.delete(entries.keys().next().value as K);
      entries.set(key, value);
      return value;
    },
  };
}
