import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { checkHealth, checkReadiness, type HealthDeps } from './health.ts';
import type { Metrics } from './metrics.ts';

/** A service mounted on the server: a Fetch handler under a path prefix. */
export interface MountedService {
  readonly path: string;
  readonly fetch: (request: Request) => Response | Promise<Response>;
}

/** What the HTTP app needs. */
export interface AppDeps extends HealthDeps {
  /** GraphQL at /graphql, SCIM at /scim/v2/*, SSO under /bim/iam/*: added by later services. */
  readonly services?: readonly MountedService[];
  /** Served at /metrics (Prometheus text format) when given. */
  readonly metrics?: Metrics;
  /** When set, /metrics wants `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** Where `GET /` sends a browser (the console, in processes that serve it). */
  readonly home?: string | undefined;
}

/**
 * The one HTTP app every service is mounted on. `/healthz` answers 200 while the process runs (with
 * what it sees of the database), `/readyz` 200 only when it can serve (database reachable, schema up
 * to date, Redis reachable when configured) and 503 otherwise, `/metrics` Prometheus metrics.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const { metrics } = deps;
  if (metrics) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      metrics.observe(c.req.method, new URL(c.req.url).pathname, c.res.status, (performance.now() - started) / 1000);
    });
    app.get('/metrics', async (c) => {
      if (deps.metricsToken && !bearerMatches(c.req.header('authorization'), deps.metricsToken)) {
        return c.json({ error: { code: 'UNAUTHENTICATED', message: 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>".' } }, 401, {
          'www-authenticate': 'Bearer',
        });
      }
      return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
    });
  }
  if (deps.home) {
    const home = deps.home;
    app.get('/', (c) => c.redirect(home, 302));
  }
  app.get('/healthz', async (c) => c.json(await checkHealth(deps), 200));
  app.get('/readyz', async (c) => {
    const readiness = await checkReadiness(deps);
    return c.json(readiness, readiness.ready ? 200 : 503);
  });
  for (const service of deps.services ?? []) {
    app.all(`${service.path}/*`, (c) => service.fetch(c.req.raw));
    app.all(service.path, (c) => service.fetch(c.req.raw));
  }
  app.notFound((c) =>
    c.json({ error: { code: 'NOT_FOUND', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404),
  );
  return app;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
