import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client.ts';
import { createInProcessNotifier } from '../notify/in-process-notifier.ts';
import { createPgliteTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { StorageError } from './map-prisma-error.ts';
import { createPrismaStore } from './prisma-store.ts';

// A statement the database refuses for a reason no caller handles leaves the store as a
// StorageError carrying the original as its cause: neither Prisma's error classes nor the
// driver's reach the services.
describe('a refused statement', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
  });
  afterAll(async () => db?.close());

  it('through Prisma (a membership of a group that does not exist) is a StorageError', async () => {
    const store = createPrismaStore(db.prisma, { notifier: createInProcessNotifier() });
    const failure = await store.transact((tx) => tx.memberships.add(randomUUID(), [randomUUID()])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).cause).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  });

  it('through the read model, on the driver and on Prisma raw queries alike, is a StorageError', async () => {
    for (const reader of [db.reader, undefined]) {
      const { readModel } = createPrismaStore(db.prisma, { notifier: createInProcessNotifier(), reader });
      const cursor = { value: 'not a time', id: randomUUID() };
      const failure = await readModel
        .listUsers({ order: 'createdAt', descending: false, take: 5, cursor })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StorageError);
      expect((failure as StorageError).cause).not.toBeInstanceOf(StorageError);
    }
  });
});
