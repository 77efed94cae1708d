import { randomBytes } from 'node:crypto';
import { createAesGcmSecretBox, createRoster, webHasher, webRandomness, type EventNotifier, type Roster } from '@roster/core';
import { createInProcessNotifier } from '../notify/in-process-notifier.ts';
import { createPrismaStore } from '../store/prisma-store.ts';
import type { TestDatabase } from './test-databases.ts';

/** A Roster wired to a test database, with a controllable clock. */
export async function createTestRoster(
  db: TestDatabase,
  options: { adminToken?: string; notifier?: EventNotifier } = {},
): Promise<Roster & { clock: { now(): Date; set(date: Date): void } }> {
  let now: Date | null = null;
  const clock = { now: () => now ?? new Date(), set: (date: Date) => void (now = date) };
  const store = createPrismaStore(db.prisma, { notifier: options.notifier ?? createInProcessNotifier(), reader: db.reader });
  const secrets = await createAesGcmSecretBox(new Uint8Array(randomBytes(32)));
  const roster = createRoster({ store, clock, random: webRandomness, hasher: webHasher, secrets }, options);
  return Object.assign(roster, { clock });
}
