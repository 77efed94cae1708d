import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got, and what it answered. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: { type: string; timestamp: string; cursor: string | null; data: Record<string, unknown> };
  readonly status: number;
  readonly at: number;
}

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** The status to answer a request with (default 204). */
  readonly answer?: (request: { body: string; json: ReceivedWebhook['json']; index: number }) => number | Promise<number>;
  /** Listen on this port (a receiver coming back where it was). */
  readonly port?: number;
}

/** A real HTTP receiver on loopback, as a consumer of Roster's webhooks runs one. */
export interface WebhookReceiver {
  readonly url: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly received: ReceivedWebhook[];
  /** The requests answered 2xx, in arrival order. */
  accepted(): ReceivedWebhook[];
  /** Resolves once `count` requests were answered 2xx (rejects after `timeoutMs`). */
  waitForAccepted(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1. */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void answer());
    const answer = async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = JSON.parse(body) as ReceivedWebhook['json'];
      const status = options.answer ? await options.answer({ body, json, index: received.length }) : 204;
      received.push({ headers: request.headers, body, json, status, at: performance.now() });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `refused with ${status}` : '');
      for (const wake of waiters) wake();
    };
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const accepted = () => received.filter((entry) => entry.status >= 200 && entry.status < 300);
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    accepted,
    waitForAccepted: (count, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (accepted().length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(accepted());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${accepted().length} of ${count} webhooks accepted within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies a received webhook with the `standardwebhooks` package, as a receiver would; throws when it does not verify. */
export function verifyWebhook(secret: string, webhook: Pick<ReceivedWebhook, 'headers' | 'body'>): unknown {
  const header = (name: string) => String(webhook.headers[name] ?? '');
  return new Webhook(secret).verify(webhook.body, {
    'webhook-id': header('webhook-id'),
    'webhook-timestamp': header('webhook-timestamp'),
    'webhook-signature': header('webhook-signature'),
  });
}
