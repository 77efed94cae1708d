import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { checkWebhookUrl, isRosterError, refusedAddressReason, type WebhookAddressPolicy } from '@roster/core';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';

/** One POST of a webhook: its body and the headers' inputs. */
export interface WebhookPost {
  readonly url: string;
  /** The `webhook-id`: the same on every try of one message. */
  readonly messageId: string;
  /** The JSON body, exactly as signed. */
  readonly body: string;
  /** Signing secrets (`whsec_…`); each gives one signature of `webhook-signature`. */
  readonly secrets: readonly string[];
  /** Aborts the try (the process is stopping). */
  readonly signal?: AbortSignal;
}

/** What came of one try. */
export interface WebhookAnswer {
  /** The HTTP status; null when no answer came. */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why the try failed without an answer, or which status failed it; null on a 2xx. */
  readonly error: string | null;
  /** The first KB of the response body. */
  readonly response: string | null;
  /** The try was aborted because the process is stopping: not a failure of the endpoint. */
  readonly aborted: boolean;
}

/** Options of {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  readonly policy: WebhookAddressPolicy;
  /** A try without a complete answer in this time fails (default 15 s). */
  readonly timeoutMs?: number;
  /** Connections kept open per endpoint origin (default 4). */
  readonly connectionsPerOrigin?: number;
}

const RESPONSE_KEPT_BYTES = 1024;
/** A longer answer is cut off (and its connection closed): only the first KB is kept anyway. */
const RESPONSE_READ_BYTES = 64 * 1024;
const USER_AGENT = 'Roster-Webhooks/1';

/**
 * Posts webhooks signed per the Standard Webhooks specification (the `standardwebhooks`
 * package: `webhook-id`, `webhook-timestamp`, `webhook-signature`), on undici with kept-alive
 * connections. Redirects are not followed (a 3xx fails the try). Every address a host name
 * resolves to is checked against the policy when the connection is made, and a literal address
 * before it, so neither a URL nor a DNS answer can point a webhook at a metadata service.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 4,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connect: { timeout: timeoutMs, lookup: guardedLookup(options.policy) },
  });
  const signers = new Map<string, Webhook>();
  const signerOf = (secret: string) => {
    let signer = signers.get(secret);
    if (!signer) {
      if (signers.size >= 10_000) signers.clear();
      signers.set(secret, (signer = new Webhook(secret)));
    }
    return signer;
  };

  return {
    /** Signs and posts one try; never throws (a failure is in the answer). */
    async send(post: WebhookPost): Promise<WebhookAnswer> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = post.signal ? AbortSignal.any([post.signal, timeout]) : timeout;
      try {
        checkWebhookUrl(post.url, options.policy);
        const now = new Date();
        const signature = post.secrets.map((secret) => signerOf(secret).sign(post.messageId, now, post.body)).join(' ');
        const answer = await request(post.url, {
          method: 'POST',
          dispatcher: agent,
          signal,
          body: post.body,
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'webhook-id': post.messageId,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
          },
        });
        const response = await readStart(answer.body);
        const ok = answer.statusCode >= 200 && answer.statusCode < 300;
        return {
          status: answer.statusCode,
          durationMs: elapsed(),
          error: ok ? null : `HTTP ${answer.statusCode}`,
          response,
          aborted: false,
        };
      } catch (error) {
        const aborted = post.signal?.aborted === true;
        const reason = timeout.aborted && !aborted ? `no answer within ${timeoutMs} ms` : describe(error);
        return { status: null, durationMs: elapsed(), error: reason, response: null, aborted };
      }
    },
    /** Closes the kept-alive connections. */
    close: () => agent.close(),
  };
}

/** A sender; see {@link createWebhookSender}. */
export type WebhookSender = ReturnType<typeof createWebhookSender>;

/** The first KB of a body, read up to {@link RESPONSE_READ_BYTES} so a kept-alive connection can be reused. */
async function readStart(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string | null> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body) {
    if (read < RESPONSE_KEPT_BYTES) chunks.push(chunk);
    read += chunk.length;
    if (read > RESPONSE_READ_BYTES) {
      body.destroy();
      break;
    }
  }
  if (read === 0) return null;
  return Buffer.concat(chunks).subarray(0, RESPONSE_KEPT_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  if (isRosterError(error)) return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${code ? `${code}: ` : ''}${error.message}${cause}`;
  }
  return String(error);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that drops the addresses the policy refuses, and fails when none is left. */
function guardedLookup(policy: WebhookAddressPolicy) {
  return (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((entry) => refusedAddressReason(entry.address, policy) === null);
      if (allowed.length === 0) {
        const reason = addresses.map((entry) => refusedAddressReason(entry.address, policy)).find(Boolean) ?? 'no address';
        const refused: NodeJS.ErrnoException = new Error(`Webhook address refused for ${hostname}: ${reason}`);
        refused.code = 'EADDRREFUSED';
        return callback(refused, []);
      }
      if (lookupOptions.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
