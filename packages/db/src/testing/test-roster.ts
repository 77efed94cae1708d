import { randomBytes } from 'node:crypto';
import {
  bindChangeOperations,
  createAesGcmSecretBox,
  createRoster,
  runChange,
  webHasher,
  webRandomness,
  type ChangeOperations,
  type EventNotifier,
  type Repositories,
  type Roster,
  type RosterDeps,
  type WebhookServiceOptions,
} from '@roster/core';
import { createInProcessNotifier } from '../notify/in-process-notifier.ts';
import { createAsyncOriginScope } from '../origin/async-origin-scope.ts';
import { createPrismaStore } from '../store/prisma-store.ts';
import type { TestDatabase } from './test-databases.ts';

/**
 * A Roster for tests: the facade, plus what only a test may reach: a clock it sets, the ports it
 * was wired with, and transactions that also hand out the repositories (to arrange a state or
 * cause a fault no use case would).
 */
export type TestRoster = Omit<Roster, 'transaction'> & {
  readonly clock: { now(): Date; set(date: Date): void };
  readonly deps: RosterDeps;
  transaction<T>(work: (ops: ChangeOperations, repos: Repositories) => Promise<T>): Promise<T>;
};

/** A Roster wired to a test database, with a controllable clock. */
export async function createTestRoster(
  db: TestDatabase,
  options: {
    adminToken?: string;
    notifier?: EventNotifier;
    /** The key secrets are sealed with (default: random), to share with a server process. */ secretKey?: Uint8Array<ArrayBuffer>;
  } & WebhookServiceOptions = {},
): Promise<TestRoster> {
  let now: Date | null = null;
  const clock = { now: () => now ?? new Date(), set: (date: Date) => void (now = date) };
  const store = createPrismaStore(db.prisma, { notifier: options.notifier ?? createInProcessNotifier(), reader: db.reader });
  const secrets = await createAesGcmSecretBox(options.secretKey ?? new Uint8Array(randomBytes(32)));
  const deps: RosterDeps = { store, clock, random: webRandomness, hasher: webHasher, secrets, origins: createAsyncOriginScope() };
  const roster = createRoster(deps, options);
  return Object.assign(roster, {
    clock,
    deps,
    transaction: <T>(work: (ops: ChangeOperations, repos: Repositories) => Promise<T>) =>
      runChange(deps, (tx, record) => work(bindChangeOperations({ tx, record, deps }), tx)),
  });
}
