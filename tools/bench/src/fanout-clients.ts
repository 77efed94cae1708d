import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

// The fan-out bench's subscribers, in a process of their own so that the bench measures the
// server, not 1,000 clients parsing messages on the server's event loop. Started by fanout.ts
// with fork(). Once every subscription has received an event (the parent commits warm-up events
// until then) it reports 'live'; on 'finish' it reports when each client received each subject,
// as epoch milliseconds (performance time plus timeOrigin: both processes read the same clock).

/** The parent's instructions. */
export type FanoutCommand =
  { readonly kind: 'start'; readonly url: string; readonly token: string; readonly subscribers: number } | { readonly kind: 'finish' };

/** What the clients report. */
export type FanoutReport =
  | { readonly kind: 'live'; readonly subscribers: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'receipts'; readonly receipts: readonly (readonly [subjectId: string, atMs: number])[] };

const SUBSCRIPTION = 'subscription { provisioningEvents(iamId: "bench") { subjectId } }';
const receipts: [string, number][] = [];
const send = (report: FanoutReport, then?: () => void) => process.send!(report, undefined, undefined, then);

function start(url: string, token: string, subscribers: number): void {
  let live = 0;
  for (let i = 0; i < subscribers; i += 1) {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    let first = true;
    client.subscribe<{ provisioningEvents: { subjectId: string } }>(
      { query: SUBSCRIPTION },
      {
        next: (result) => {
          receipts.push([result.data!.provisioningEvents.subjectId, performance.timeOrigin + performance.now()]);
          if (first && ((first = false), (live += 1) === subscribers)) send({ kind: 'live', subscribers });
        },
        error: (error) => send({ kind: 'failed', message: String((error as { reason?: string }).reason ?? error) }),
        complete: () => {},
      },
    );
  }
}

// Only our own messages: tsx's loader uses the same IPC channel for its own.
process.on('message', (command: FanoutCommand) => {
  if (command.kind === 'start') start(command.url, command.token, command.subscribers);
  // Leaving drops every connection at once, as crashing clients would; the server must cope.
  else if (command.kind === 'finish') send({ kind: 'receipts', receipts }, () => process.exit(0));
});
