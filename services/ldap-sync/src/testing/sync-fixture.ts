import { createPgliteTestDatabase, createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import type { Roster, RosterEvent, SyncRun } from '@roster/core';
import { createLdapSyncWorker, type LdapSyncWorker, type RunNowOptions } from '../worker/ldap-sync-worker.ts';

/** The two databases every sync test runs against. */
export const BACKENDS = [
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
] as const;

/** A test database, a Roster on it and a worker (delta overlap 0: tests control time exactly). */
export interface SyncFixture {
  readonly db: TestDatabase;
  readonly roster: Roster;
  readonly worker: LdapSyncWorker;
  /** The Roster's clock; `set` pins it (schedules read it). */
  readonly clock: { now(): Date; set(date: Date): void };
  /** A second worker on the same database, as another process would run. */
  newWorker(): LdapSyncWorker;
  /** Waits until the run is no longer RUNNING and returns it. */
  waitForRun(runId: string): Promise<SyncRun>;
  /** Runs a sync to its end and returns the finished run. */
  sync(iamId: string, options?: RunNowOptions): Promise<SyncRun>;
  /** Events after the given sequence (default: all), of the given IAM. */
  events(iamId: string, after?: number): Promise<RosterEvent[]>;
  close(): Promise<void>;
}

/** Opens a fixture on one backend. */
export async function openSyncFixture(open: () => Promise<TestDatabase>): Promise<SyncFixture> {
  const db = await open();
  const roster = await createTestRoster(db);
  const newWorker = () =>
    createLdapSyncWorker({
      roster,
      deltaOverlapMs: 0,
      retry: { baseMs: 60_000, maxMs: 600_000 },
      connectTimeoutMs: 2_000,
      operationTimeoutMs: 10_000,
    });
  const worker = newWorker();
  return {
    db,
    roster,
    worker,
    clock: roster.clock,
    newWorker,
    async waitForRun(runId) {
      for (;;) {
        const run = await roster.read((repos) => repos.syncRuns.get(runId));
        if (run && run.status !== 'RUNNING') return run;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async sync(iamId, options) {
      return (await worker.runNow(iamId, options)).finished;
    },
    events: (iamId, after = 0) => roster.events.readAfter({ after, iamId, limit: 100_000 }),
    async close() {
      await worker.stop();
      await db.close();
    },
  };
}

/** Waits until the wall clock has entered a new second (LDAP timestamps have one-second precision). */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 20));
}
