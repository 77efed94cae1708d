import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { authHeaders, type Credential } from './credential.ts';

export const GRAPHQL_PATH = '/graphql';

/** The WebSocket URL of the API on this page's origin. */
export function graphqlWebSocketUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${GRAPHQL_PATH}`;
}

/**
 * One graphql-ws connection for every live view. It reconnects for as long as the page is open;
 * views that must not miss an event resume by cursor (see use-event-feed.ts).
 */
export function createLiveClient(credential: Credential): WsClient {
  let client: WsClient | undefined = undefined;
  const set = (state: LiveState) => {
    if (client) liveStates.set(client, state);
  };
  client = createWsClient({
    url: graphqlWebSocketUrl(),
    // A token goes in connection_init; a session rides on the cookie of the upgrade request.
    connectionParams: credential.kind === 'token' ? { authorization: `Bearer ${credential.token}` } : {},
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    on: { connected: () => set('connected'), closed: () => set('closed') },
  });
  liveStates.set(client, 'closed');
  return client;
}

export type LiveState = 'connected' | 'closed';
const liveStates = new WeakMap<WsClient, LiveState>();

/** Whether the connection is open now: a view that starts on an open socket sees no `connected` event. */
export function liveState(client: WsClient): LiveState {
  return liveStates.get(client) ?? 'closed';
}

/** The urql client of a signed-in console: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createApiClient(credential: Credential, live: WsClient): Client {
  return new Client({
    url: GRAPHQL_PATH,
    fetchOptions: () => ({ headers: authHeaders(credential), credentials: 'same-origin' }),
    requestPolicy: 'cache-and-network',
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = live.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
