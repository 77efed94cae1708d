import { Hono } from 'hono';
import type { Database, MigrationState } from '@roster/db';

/** A service mounted on the server: a Fetch handler under a path prefix. */
export interface MountedService {
  readonly path: string;
  readonly fetch: (request: Request) => Response | Promise<Response>;
}

/** What the HTTP app needs. */
export interface AppDeps {
  readonly database: Database;
  readonly version: string;
  readonly migrations: () => Promise<MigrationState>;
  /** GraphQL at /graphql, SCIM at /scim/v2/*, SSO under /bim/iam/*: added by later services. */
  readonly services?: readonly MountedService[];
}

/**
 * The one HTTP app every service is mounted on. `/healthz` answers 200 when the database answers
 * and its schema is up to date, 503 otherwise, with the database kind, migration state and version.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const health = await checkHealth(deps);
    return c.json(health, health.status === 'ok' ? 200 : 503);
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

async function checkHealth(deps: AppDeps) {
  const base = { version: deps.version, database: { kind: deps.database.kind } };
  try {
    const migrations = await deps.migrations();
    return {
      ...base,
      status: migrations.upToDate ? ('ok' as const) : ('degraded' as const),
      database: { ...base.database, reachable: true, migrations },
    };
  } catch {
    return { ...base, status: 'unavailable' as const, database: { ...base.database, reachable: false } };
  }
}
