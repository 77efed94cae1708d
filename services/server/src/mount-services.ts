import type { Server } from 'node:http';
import type { Roster, SyncMode } from '@roster/core';
import type { Database } from '@roster/db';
import { attachGraphqlWebSocket, createGraphqlHandler, GRAPHQL_PATH } from '@roster/graphql';
import { createLdapSyncWorker, testLdapConnection } from '@roster/ldap-sync';
import { createScimHandler } from '@roster/scim';
import { createSsoApp } from '@roster/sso';
import type { MountedService } from './app.ts';
import type { ServerConfig } from './config.ts';
import type { Logger } from './logger.ts';
import { createConnectionTester } from './test-iam-connection.ts';

/**
 * Every service on one server: GraphQL at /graphql (HTTP, SSE, and graphql-ws once the server
 * listens), SSO under /bim, SCIM at /scim/v2/<iamId>, and the LDAP sync worker.
 */
export function mountServices(config: ServerConfig, roster: Roster, database: Database, logger: Logger) {
  const ldapSync = createLdapSyncWorker({ roster, logger: logger.child({ service: 'ldap-sync' }) });
  const graphqlServices = {
    roster,
    publicUrl: config.publicUrl,
    integrations: {
      testConnection: createConnectionTester((iam) => testLdapConnection(roster, iam)),
      triggerLdapSync: async (iamId: string, mode: SyncMode) => (await ldapSync.runNow(iamId, { mode, trigger: 'API' })).run,
    },
  };
  const graphql = createGraphqlHandler({
    ...graphqlServices,
    graphiql: config.graphiql,
    corsOrigins: config.corsOrigins,
    subscriberBufferLimit: config.subscriberBufferLimit,
    logger: logger.child({ service: 'graphql' }),
  });
  const sso = createSsoApp({
    roster,
    publicUrl: config.publicUrl,
    onRefusal: (iamId, reason, code) => logger.warn({ iamId, code, reason }, 'login refused'),
    onNotice: (iamId, message) => logger.warn({ iamId }, message),
  });
  const services: MountedService[] = [
    { path: GRAPHQL_PATH, fetch: (request) => graphql.fetch(request) },
    { path: '/bim', fetch: sso.fetch },
    { path: '/scim/v2', fetch: createScimHandler({ roster, publicUrl: config.publicUrl, logger: logger.child({ service: 'scim' }) }) },
  ];
  return {
    services,
    /** Starts the background work and the WebSocket endpoint; returns how to stop them. */
    start(server: Server): { stop(): Promise<void> } {
      ldapSync.start();
      const graphqlWs = attachGraphqlWebSocket(server, graphql);
      return {
        async stop() {
          await graphqlWs.close();
          await ldapSync.stop();
        },
      };
    },
  };
}
