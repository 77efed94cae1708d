import { getOperationAST, OperationTypeNode } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator } from './authenticate-request.ts';
import { createContext, type GraphqlContext, type GraphqlServices } from './context.ts';
import { maskError } from './errors.ts';
import { createEventHub, type EventHub } from './event-hub.ts';
import { createPrincipalCache } from './principal-cache.ts';
import { QUERY_LIMITS, queryLimitPlugins } from './query-limits.ts';
import { schema } from './schema/index.ts';
import { useErrorLog } from './use-error-log.ts';
import { useRequestGuard, type GuardedRequest, type GuardedRequests } from './use-request-guard.ts';
import { useEventOrigin } from './use-event-origin.ts';

/** Options of the GraphQL handler. */
export interface GraphqlHandlerOptions extends GraphqlServices {
  /** Serve GraphiQL on GET /graphql from a browser (development); its assets come from an installed package. */
  readonly graphiql?: boolean;
  /** How often subscriptions re-read the log without a notification (writes of processes the notifier does not reach). */
  readonly eventPollMs?: number;
  /** Events held for a subscriber that is not taking them; past it, it reads the log itself until it catches up (1,000). */
  readonly subscriberBufferLimit?: number;
}

/** The GraphQL endpoint, as the server mounts it. */
export const GRAPHQL_PATH = '/graphql';

/** What a connection hands to the context factory: the principal of a graphql-ws connection. */
interface ServerContext {
  readonly guarded?: GuardedRequest;
}

/**
 * The GraphQL handler, with what graphql-ws needs to authenticate connections the same way, and
 * the process's event hub (its stats).
 */
export type GraphqlHandler = YogaServerInstance<ServerContext, GraphqlContext> & {
  readonly authenticator: Authenticator;
  readonly hub: EventHub;
};

/**
 * Roster's GraphQL API as a Fetch handler (graphql-yoga): GraphQL over HTTP (GET and POST,
 * `application/graphql-response+json`), Server-Sent Events for subscriptions, masked errors with
 * `extensions.code`, and limits on body size, tokens, aliases, directives, depth and cost.
 * Requests are authenticated before their body is read. No CORS headers at all unless origins
 * are configured, and then credentials only for those. Queries and mutations run compiled by
 * graphql-jit (once per distinct document), and bearer tokens are remembered briefly (principal-cache.ts).
 */
export function createGraphqlHandler(options: GraphqlHandlerOptions): GraphqlHandler {
  const hub = createEventHub(options.roster, {
    pollMs: options.eventPollMs,
    subscriberBufferLimit: options.subscriberBufferLimit,
    logger: options.logger,
  });
  const services = { ...options, hub, principals: createPrincipalCache(options.roster) };
  const corsOrigins = new Set(options.corsOrigins ?? []);
  const authenticator: Authenticator = {
    tokens: services.principals,
    sessions: options.roster,
    publicOrigin: new URL(options.publicUrl).origin,
    corsOrigins,
  };
  const guarded: GuardedRequests = new WeakMap();
  const yoga = createYoga<ServerContext, GraphqlContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ?? false,
    renderGraphiQL,
    landingPage: false,
    logging: false,
    maxRequestBodySize: QUERY_LIMITS.bodyBytes,
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && corsOrigins.has(origin)
        ? {
            origin,
            credentials: true,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'accept', 'x-roster-csrf', 'x-request-id'],
            exposedHeaders: ['x-request-id'],
            maxAge: 600,
          }
        : false;
    },
    maskedErrors: { maskError },
    context: ({ request, guarded: fromConnection }) => {
      const found = fromConnection ?? guarded.get(request);
      // The guard authenticates every request that can reach execution; nothing runs without it.
      if (!found) throw new Error('GraphQL request reached execution unauthenticated');
      return createContext(services, found.principal, found.requestId);
    },
    plugins: [
      useRequestGuard(authenticator, guarded, options.logger),
      ...queryLimitPlugins(),
      useErrorLog(options.logger),
      // Queries and mutations only: graphql-jit hands a subscription's subscribe resolver no
      // arguments written in the document (graphql-jit#183), so `provisioningEvents(after: "…")`
      // would start from now instead of replaying. Subscriptions run on graphql-js.
      useGraphQlJit(
        {},
        {
          enableIf: ({ document, operationName }) => getOperationAST(document, operationName)?.operation !== OperationTypeNode.SUBSCRIPTION,
        },
      ),
      useEventOrigin(),
    ],
  });
  return Object.assign(yoga, { authenticator, hub });
}
