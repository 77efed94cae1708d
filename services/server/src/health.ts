import type { Database, MigrationState } from '@roster/db';

/** What the health and readiness checks look at. */
export interface HealthDeps {
  readonly database: Database;
  readonly version: string;
  /** The runtime the process runs on (node or deno) and its version. */
  readonly runtime?: { readonly name: string; readonly version: string };
  readonly migrations: () => Promise<MigrationState>;
  /** Resolves when Redis answers; absent when Redis is not configured. */
  readonly redisPing?: () => Promise<void>;
  /** What this process serves (ROSTER_ROLES). */
  readonly roles?: readonly string[];
}

/**
 * `/healthz`: the process is alive and answering. Always 200 while it runs, so an orchestrator does
 * not restart every replica during a database outage; the body still says what it sees.
 */
export async function checkHealth(deps: HealthDeps) {
  const database = await checkDatabase(deps);
  const status = !database.reachable ? 'unavailable' : database.migrations?.upToDate ? 'ok' : 'degraded';
  return {
    status,
    version: deps.version,
    ...(deps.runtime ? { runtime: deps.runtime.name, runtimeVersion: deps.runtime.version } : {}),
    ...(deps.roles ? { roles: deps.roles } : {}),
    database: { kind: deps.database.kind, ...database },
  };
}

/**
 * `/readyz`: this process can serve traffic: the database answers, its schema is the one this build
 * expects, and Redis answers when configured. A load balancer sends nothing to a process that is not.
 */
export async function checkReadiness(deps: HealthDeps) {
  const [database, redis] = await Promise.all([checkDatabase(deps), deps.redisPing ? checkRedis(deps.redisPing) : undefined]);
  const ready = database.reachable && database.migrations?.upToDate === true && (redis?.reachable ?? true);
  return {
    ready,
    version: deps.version,
    checks: { database: { kind: deps.database.kind, ...database }, ...(redis ? { redis } : {}) },
  };
}

async function checkDatabase(deps: HealthDeps): Promise<{ reachable: boolean; migrations?: MigrationState }> {
  try {
    return { reachable: true, migrations: await deps.migrations() };
  } catch {
    return { reachable: false };
  }
}

async function checkRedis(ping: () => Promise<void>): Promise<{ reachable: boolean }> {
  try {
    await ping();
    return { reachable: true };
  } catch {
    return { reachable: false };
  }
}
