import type { Server } from 'node:http';
import type { Roster, SyncMode, SyncRun } from '@roster/core';
import { attachGraphqlWebSocket, createGraphqlHandler, GRAPHQL_PATH } from '@roster/graphql';
import { createLdapSyncWorker, testLdapConnection } from '@roster/ldap-sync';
import { createScimHandler } from '@roster/scim';
import { createSsoApp } from '@roster/sso';
import { createWebhookPinger, createWebhookWorker, type WebhookAnswer } from '@roster/webhooks';
import type { MountedService } from './app.ts';
import { openJobQueue, type Logger, type RosterConfig } from '@roster/runtime';
import { createConnectionTester } from './test-iam-connection.ts';
import { createConsoleService } from './console.ts';

/**
 * The services of this process's roles (ROSTER_ROLES) on one server: GraphQL at /graphql (HTTP,
 * SSE, and graphql-ws once the server listens), SSO under /bim, SCIM at /scim/v2/<iamId>, and the
 * worker (scheduled LDAP syncs, webhook deliveries). A route of a role the process does not have answers 404.
 */
export function mountServices(
  config: RosterConfig,
  roster: Roster,
  logger: Logger,
  hooks: { onSyncRunEnded?: (run: SyncRun) => void; onWebhookTry?: (answer: WebhookAnswer) => void } = {},
) {
  const { roles } = config;
  // The worker role's jobs: on PostgreSQL, the job engine all worker processes share; embedded, in memory.
  const settings = config.jobs;
  const jobs = roles.has('worker') ? openJobQueue(config, logger) : null;
  // "Sync now" from GraphQL runs in the process that was asked, whatever its roles: the run is
  // claimed in the database, so it never runs twice at once for one IAM.
  const ldapSync = createLdapSyncWorker({
    roster,
    logger: logger.child({ service: 'ldap-sync' }),
    ...(jobs ? { jobs } : {}),
    tickIntervalMs: settings.tickMs,
    heartbeatMs: settings.heartbeatMs,
    staleAfterMs: settings.staleAfterMs,
    retry: { baseMs: settings.retryBaseMs, maxMs: 3_600_000 },
    ...(hooks.onSyncRunEnded ? { onRunEnded: hooks.onSyncRunEnded } : {}),
  });
  // Webhook deliveries are the worker's; a test delivery goes from the process that was asked.
  const webhooks = jobs
    ? createWebhookWorker({
        roster,
        jobs,
        logger: logger.child({ service: 'webhooks' }),
        timeoutMs: config.webhooks.timeoutMs,
        leaseMs: config.webhooks.leaseMs,
        // Leases say which process holds them (operators, and the crash test, can tell).
        owner: `webhooks-${process.pid}`,
        ...(hooks.onWebhookTry ? { onTry: (_endpoint, answer) => hooks.onWebhookTry!(answer) } : {}),
      })
    : null;
  const pinger = createWebhookPinger({ roster, timeoutMs: config.webhooks.timeoutMs });
  const graphql = roles.has('graphql')
    ? createGraphqlHandler({
        roster,
        publicUrl: config.publicUrl,
        integrations: {
          testConnection: createConnectionTester((iam) => testLdapConnection(roster, iam)),
          triggerLdapSync: async (iamId: string, mode: SyncMode) => (await ldapSync.runNow(iamId, { mode, trigger: 'API' })).run,
          pingWebhookEndpoint: (endpoint) => pinger.ping(endpoint),
        },
        graphiql: config.graphiql,
        corsOrigins: config.corsOrigins,
        subscriberBufferLimit: config.subscriberBufferLimit,
        logger: logger.child({ service: 'graphql' }),
      })
    : null;
  const services: MountedService[] = [];
  if (graphql) {
    services.push({ path: GRAPHQL_PATH, fetch: (request) => graphql.fetch(request) });
    // The console is a frontend of the GraphQL API: where the API is, so is the console.
    services.push(createConsoleService());
  }
  if (roles.has('sso')) {
    const sso = createSsoApp({
      roster,
      publicUrl: config.publicUrl,
      onRefusal: (iamId, reason, code) => logger.warn({ iamId, code, reason }, 'login refused'),
      onNotice: (iamId, message) => logger.warn({ iamId }, message),
    });
    services.push({ path: '/bim', fetch: sso.fetch });
  }
  if (roles.has('scim')) {
    services.push({
      path: '/scim/v2',
      fetch: createScimHandler({ roster, publicUrl: config.publicUrl, logger: logger.child({ service: 'scim' }) }),
    });
  }
  return {
    services,
    /** This process's event hub (subscribers, how far it has read the log), for /metrics; none without the graphql role. */
    eventHub: graphql ? () => graphql.hub.stats() : undefined,
    /** Jobs due and not started, by job name, for /metrics; none without the worker role. */
    jobQueueDepth: jobs ? () => jobs.queueDepth() : undefined,
    /**
     * Starts the worker's jobs. Called before the process listens, so that a process that answers
     * is one that has started (on a fresh database pg-boss first creates its schema).
     */
    async startWorker(): Promise<void> {
      if (!jobs) return;
      await ldapSync.start();
      await webhooks?.start();
      await jobs.start();
    },
    /** Stops the worker's jobs: the queue stops taking jobs while running syncs are asked to stop (they end FAILED). */
    async stopWorker(): Promise<void> {
      await Promise.all([jobs?.stop(), ldapSync.stop(), webhooks?.stop(), pinger.close()]);
    },
    /** Attaches the WebSocket endpoint to the listening server; returns how to close it. */
    attach(server: Server): { close(): Promise<void> } {
      const graphqlWs = graphql ? attachGraphqlWebSocket(server, graphql) : null;
      return { close: async () => graphqlWs?.close() };
    },
  };
}
