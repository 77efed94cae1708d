import { createInProcessJobQueue, type JobQueue } from '@roster/core';
import { createPostgresJobQueue } from '@roster/db';
import type { RosterConfig } from './config.ts';
import type { Logger } from './logger.ts';

/**
 * The worker role's job queue: on PostgreSQL, pg-boss in the same database, shared by every worker
 * process; embedded (PGlite, one process), the in-process queue (no engine runs on PGlite: see
 * packages/db's README, "Jobs"). Not started: the caller registers its workers first.
 */
export function openJobQueue(config: RosterConfig, logger: Logger): JobQueue {
  if (!config.databaseUrl) return createInProcessJobQueue();
  return createPostgresJobQueue({
    databaseUrl: config.databaseUrl,
    concurrency: config.jobs.concurrency,
    onError: (error) => logger.warn({ err: error }, 'job engine error'),
  });
}
