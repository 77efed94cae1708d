import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { readMigrationState, type Database } from '@roster/db';
import type { Roster } from '@roster/core';
import { openRoster, type Logger, type RosterConfig } from '@roster/runtime';
import { createApp, type MountedService } from './app.ts';
import { createMetrics } from './metrics.ts';
import { CONSOLE_PATH } from './console.ts';
import { mountServices } from './mount-services.ts';

/** A running Roster server. */
export interface RunningServer {
  readonly url: string;
  readonly roster: Roster;
  readonly database: Database;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

/** Options beyond the configuration. */
export interface StartOptions {
  readonly logger: Logger;
  /** Where the one-time bootstrap admin token is printed (never to the log). */
  readonly announce?: (text: string) => void;
  readonly services?: (roster: Roster) => readonly MountedService[];
  /** Which runtime runs the process (its entry point says), for /healthz; Node's when not given. */
  readonly runtime?: RuntimeInfo;
}

/** The JavaScript runtime a process runs on, as /healthz reports it. */
export interface RuntimeInfo {
  readonly name: 'node' | 'deno';
  readonly version: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Opens the database, applies migrations (refusing to start on failure), wires the domain and
 * serves HTTP. Nothing listens until the schema is up to date and the worker's jobs have started.
 */
export async function startServer(config: RosterConfig, options: StartOptions): Promise<RunningServer> {
  const { logger } = options;
  const opened = await openRoster(config, {
    logger,
    announce: options.announce ?? ((text) => process.stdout.write(text)),
  });
  const { roster, database } = opened;
  try {
    const mounted = mountServices(config, roster, logger, {
      onSyncRunEnded: (run) => metrics.observeSyncRun(run),
      onWebhookTry: (answer) => metrics.observeWebhookTry(answer),
    });
    const metrics = createMetrics({
      database,
      eventLogHead: () => roster.events.lastSeq(),
      ...(mounted.eventHub ? { eventHub: mounted.eventHub } : {}),
      ...(mounted.jobQueueDepth ? { jobQueueDepth: mounted.jobQueueDepth } : {}),
    });
    const app = createApp({
      database,
      version: VERSION,
      runtime: options.runtime ?? { name: 'node', version: process.versions.node },
      migrations: () => readMigrationState(database.prisma),
      ...(opened.redisPing ? { redisPing: opened.redisPing } : {}),
      services: [...mounted.services, ...(options.services?.(roster) ?? [])],
      metrics,
      metricsToken: config.metricsToken,
      roles: [...config.roles],
      home: config.roles.has('graphql') ? `${CONSOLE_PATH}/` : undefined,
    });
    const server = await mounted
      .startWorker()
      .then(() => listen(app.fetch, config.host, config.port))
      .catch(async (error: unknown) => {
        await mounted.stopWorker().catch(() => {}); // whatever of it did start
        throw error;
      });
    const eventStreams = trackEventStreams(server as unknown as Server);
    const webSocket = mounted.attach(server as unknown as Server);
    const address = server.address() as AddressInfo;
    const listening = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    // A wildcard address is reached locally through the loopback interface.
    const url = `http://${localHost(address)}:${address.port}`;
    logger.info(
      { listening, publicUrl: config.publicUrl, database: database.kind, roles: [...config.roles], version: VERSION },
      'Roster is listening',
    );
    return {
      url,
      roster,
      database,
      stop: once(async () => {
        // Subscriptions never finish by themselves: end them now (clients resume from their cursor).
        eventStreams.end();
        await webSocket.close();
        await mounted.stopWorker();
        await drain(server, logger, drainMs(config.shutdownGraceMs));
        await opened.close();
        logger.info('stopped');
      }),
    };
  } catch (error) {
    await opened.close().catch(() => {});
    throw error;
  }
}

function localHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType & { address(): AddressInfo | string | null }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

/** In-flight requests get three quarters of the grace period; closing the database, the rest. */
function drainMs(graceMs: number): number {
  return Math.floor(graceMs * 0.75);
}

/** The responses streaming Server-Sent Events (GraphQL subscriptions), to end at shutdown. */
function trackEventStreams(server: Server): { end(): void } {
  const streams = new Set<ServerResponse>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    // graphql-yoga answers with an event stream exactly when the client accepts one.
    if (!request.headers.accept?.includes('text/event-stream')) return;
    streams.add(response);
    response.once('close', () => streams.delete(response));
  });
  return {
    end() {
      for (const response of streams) response.destroy();
    },
  };
}

async function drain(server: ServerType, logger: Logger, drainMs: number): Promise<void> {
  logger.info('shutting down: finishing in-flight requests');
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing connections');
      if ('closeAllConnections' in server) server.closeAllConnections();
      resolve();
    }, drainMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
