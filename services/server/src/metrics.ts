import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncRun } from '@roster/core';
import type { Database } from '@roster/db';

/** What the metrics read at scrape time. */
export interface MetricsSources {
  readonly database: Database;
  /** The newest event sequence in the log (one indexed read per scrape). */
  readonly eventLogHead: () => Promise<number>;
  /** This process's event hub: its subscribers and the head of the log as it has read it. */
  readonly eventHub?: () => { readonly subscribers: number; readonly live: number; readonly headSeq: number };
  /** Jobs due and not started, by job name: the shared engine's on PostgreSQL, this process's own embedded. */
  readonly jobQueueDepth?: () => Promise<Readonly<Record<string, number>>>;
}

/**
 * Roster's Prometheus metrics (prom-client, a registry of its own): HTTP requests by route and
 * status, SCIM operations by IAM, operation and status, the event log's head and this process's
 * reader lag, live subscribers, the database pool, sync runs by status and duration, the job
 * queue's depth (worker role), and Node's process metrics.
 */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'roster_' });
  const http = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status; for streams, the time to the response headers.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const scim = new Counter({
    name: 'roster_scim_operations_total',
    help: 'SCIM operations by IAM, resource, operation and status (iam is "unauthenticated" on a 401).',
    labelNames: ['iam', 'resource', 'operation', 'status'] as const,
    registers: [registry],
  });
  const syncRuns = new Counter({
    name: 'roster_sync_runs_total',
    help: 'LDAP sync runs that ended, by status and trigger (counted by the process that ended them: a cut-off run by the one that found it).',
    labelNames: ['status', 'trigger'] as const,
    registers: [registry],
  });
  const syncDuration = new Histogram({
    name: 'roster_sync_run_duration_seconds',
    help: 'How long LDAP sync runs took, start to end, by status.',
    labelNames: ['status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200],
    registers: [registry],
  });
  const webhookTries = new Histogram({
    name: 'roster_webhook_delivery_duration_seconds',
    help: 'Webhook delivery tries by outcome (delivered, failed), from the post to the end of the answer.',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  if (sources.jobQueueDepth) {
    const depth = sources.jobQueueDepth;
    new Gauge({
      name: 'roster_job_queue_depth',
      help: 'Jobs due and not yet started, by job name (on PostgreSQL, the queue every worker process shares).',
      labelNames: ['job'] as const,
      registers: [registry],
      async collect() {
        for (const [job, waiting] of Object.entries(await depth())) this.set({ job }, waiting);
      },
    });
  }
  let lastHead = 0;
  new Gauge({
    name: 'roster_event_log_head',
    help: 'The sequence number of the newest event in the log.',
    registers: [registry],
    async collect() {
      lastHead = await sources.eventLogHead();
      this.set(lastHead);
    },
  });
  if (sources.eventHub) {
    const hub = sources.eventHub;
    new Gauge({
      name: 'roster_event_reader_lag',
      help: "Events in the log this process's event reader has not read yet (0 without subscribers).",
      registers: [registry],
      collect() {
        const stats = hub();
        this.set(stats.subscribers === 0 ? 0 : Math.max(0, lastHead - stats.headSeq));
      },
    });
    new Gauge({
      name: 'roster_subscribers',
      help: 'GraphQL subscriptions to provisioning events held by this process, live or catching up from the log.',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const stats = hub();
        this.set({ state: 'live' }, stats.live);
        this.set({ state: 'catching_up' }, stats.subscribers - stats.live);
      },
    });
  }
  new Gauge({
    name: 'roster_db_pool_connections',
    help: 'PostgreSQL pool connections by state (in use, idle), requests waiting for one, and the maximum.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const use = sources.database.poolUse();
      if (!use) return;
      this.set({ state: 'in_use' }, use.total - use.idle);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'waiting' }, use.waiting);
      this.set({ state: 'max' }, use.max);
    },
  });

  return {
    registry,
    /** Records a sync run that ended (SUCCEEDED or FAILED). */
    observeSyncRun(run: SyncRun): void {
      syncRuns.inc({ status: run.status, trigger: run.trigger });
      const end = run.finishedAt ?? run.startedAt;
      syncDuration.observe({ status: run.status }, Math.max(0, end.getTime() - run.startedAt.getTime()) / 1000);
    },
    /** Records one webhook delivery try. */
    observeWebhookTry(answer: { readonly error: string | null; readonly durationMs: number }): void {
      webhookTries.observe({ outcome: answer.error === null ? 'delivered' : 'failed' }, answer.durationMs / 1000);
    },
    /** Records one answered request. */
    observe(method: string, pathname: string, status: number, seconds: number): void {
      const route = routeOf(pathname, status);
      http.observe({ method, route, status: String(status) }, seconds);
      const operation = route.startsWith('/scim/v2/') ? scimOperation(method, route) : null;
      if (operation) {
        const iam = status === 401 ? 'unauthenticated' : decodeURIComponent(pathname.split('/')[3] ?? '');
        scim.inc({ iam, resource: operation.resource, operation: operation.name, status: String(status) });
      }
    },
  };
}

/** Roster's metrics; see {@link createMetrics}. */
export type Metrics = ReturnType<typeof createMetrics>;

// Route templates, so a label never holds an id (bounded cardinality). SSO paths are only kept when
// answered: a made-up path is a 404 and counts as "unmatched".
const SEG = '[^/]+';
const ROUTES: readonly (readonly [RegExp, (match: RegExpExecArray) => string, boolean])[] = [
  [/^\/(healthz|readyz|metrics|graphql)$/, (m) => `/${m[1]}`, true],
  [
    new RegExp(`^/scim/v2/${SEG}/(ServiceProviderConfig|ResourceTypes|Schemas|Bulk|\\.search)(/${SEG})?$`),
    (m) => `/scim/v2/:iamId/${m[1]}${m[2] ? '/:id' : ''}`,
    true,
  ],
  [new RegExp(`^/scim/v2/${SEG}/(Users|Groups)(/\\.search)?$`), (m) => `/scim/v2/:iamId/${m[1]}${m[2] ?? ''}`, true],
  [new RegExp(`^/scim/v2/${SEG}/(Users|Groups)/${SEG}$`), (m) => `/scim/v2/:iamId/${m[1]}/:id`, true],
  [/^\/bim\/logout$/, () => '/bim/logout', true],
  [new RegExp(`^/bim/iam/${SEG}/((?:[a-z-]+/?){1,4})$`), (m) => `/bim/iam/:iamId/${m[1]}`, false],
];

/** The route template of a path (`/scim/v2/:iamId/Users/:id`), or "unmatched". */
export function routeOf(pathname: string, status: number): string {
  for (const [pattern, template, strict] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match && (strict || status !== 404)) return template(match);
  }
  return 'unmatched';
}

function scimOperation(method: string, route: string): { resource: string; name: string } | null {
  const [, , , , resource = '', rest] = route.split('/');
  if (resource === 'Bulk') return { resource, name: 'bulk' };
  if (rest === '.search' || resource === '.search') return { resource, name: 'search' };
  if (resource !== 'Users' && resource !== 'Groups') return { resource, name: 'discovery' };
  const one = rest === ':id';
  switch (method) {
    case 'GET':
      return { resource, name: one ? 'get' : 'list' };
    case 'POST':
      return { resource, name: 'create' };
    case 'PUT':
      return { resource, name: 'replace' };
    case 'PATCH':
      return { resource, name: 'patch' };
    case 'DELETE':
      return { resource, name: 'delete' };
    default:
      return { resource, name: method.toLowerCase() };
  }
}
