import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { attachGraphqlWebSocket } from '../attach-graphql-ws.ts';
import type { GraphqlHarness } from './graphql-harness.ts';

/** The harness's API (or any handler) on a real port, with graphql-ws, for protocol tests. */
export async function startGraphqlServer(h: Pick<GraphqlHarness, 'yoga'>) {
  const server = createServer(h.yoga.requestListener);
  const ws = attachGraphqlWebSocket(server, h.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const clients: Client[] = [];
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    /** A graphql-ws client authenticated with `token`. */
    client(
      token: string | null,
      options: { onClose?: (event: unknown) => void; retryAttempts?: number; onConnecting?: () => void } = {},
    ): Client {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: options.retryAttempts ?? 0,
        retryWait: async () => {},
        lazy: false,
        onNonLazyError: () => {},
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        on: { closed: (event) => options.onClose?.(event), connecting: () => options.onConnecting?.() },
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map(async (client) => client.dispose()));
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
