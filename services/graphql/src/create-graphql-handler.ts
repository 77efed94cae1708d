import { useGraphQlJit } from '@envelop/graphql-jit';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { authenticate, type GraphqlContext, type GraphqlServices } from './context.ts';
import { maskError } from './errors.ts';
import { createEventHub } from './event-hub.ts';
import { createPrincipalCache } from './principal-cache.ts';
import { schema } from './schema/index.ts';

/** Options of the GraphQL handler. */
export interface GraphqlHandlerOptions extends GraphqlServices {
  /** Serve GraphiQL on GET /graphql from a browser (development). */
  readonly graphiql?: boolean;
  /** How often subscriptions re-read the log without a notification (writes of processes the notifier does not reach). */
  readonly eventPollMs?: number;
}

/** The GraphQL endpoint, as the server mounts it. */
export const GRAPHQL_PATH = '/graphql';

/** What a connection hands to the context factory: an HTTP request, or graphql-ws connection parameters. */
interface ServerContext {
  readonly connectionParams?: Readonly<Record<string, unknown>>;
}

/**
 * Roster's GraphQL API as a Fetch handler (graphql-yoga): GraphQL over HTTP (GET and POST,
 * `application/graphql-response+json`), Server-Sent Events for subscriptions, masked errors with
 * `extensions.code`, and depth and cost limits. Operations run compiled by graphql-jit (once per
 * distinct document), and bearer tokens are remembered briefly (see principal-cache.ts).
 */
export function createGraphqlHandler(options: GraphqlHandlerOptions): YogaServerInstance<ServerContext, GraphqlContext> {
  const services = { ...options, hub: createEventHub(options.roster, { pollMs: options.eventPollMs }), principals: createPrincipalCache(options.roster, options.prisma) };
  return createYoga<ServerContext, GraphqlContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: options.graphiql ?? false,
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    context: ({ request, connectionParams }) =>
      authenticate(services, request?.headers.get('authorization') ?? connectionParams?.['authorization'] ?? connectionParams?.['Authorization'], request),
    plugins: [maxDepthPlugin({ n: 12 }), costLimitPlugin({ maxCost: 100_000 }), useGraphQlJit()],
  });
}
