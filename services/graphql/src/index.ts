/** @roster/graphql: Roster's GraphQL API. */
export { createGraphqlHandler, GRAPHQL_PATH, type GraphqlHandlerOptions } from './create-graphql-handler.ts';
export { attachGraphqlWebSocket } from './attach-graphql-ws.ts';
export type { EventHub, EventHubStats } from './event-hub.ts';
export { schema } from './schema/index.ts';
export type { ConnectionStep, GraphqlContext, GraphqlIntegrations, GraphqlServices } from './context.ts';
