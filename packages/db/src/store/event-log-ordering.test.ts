import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ORIGIN, type IdentityStore } from '@roster/core';
import { createInProcessNotifier } from '../notify/in-process-notifier.ts';
import { createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createPrismaStore } from './prisma-store.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ARCHITECTURE.md's trap: numbers handed out at insert time but committed out of order would let
// a reader that saw N miss a later-committed event below N. Writers here hold their transaction
// open for a random while after appending; a reader polls "after my cursor" the whole time.
describe('event log ordering on PostgreSQL with slow concurrent writers', () => {
  let db: TestDatabase;
  let store: IdentityStore;

  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    store = createPrismaStore(db.prisma, { notifier: createInProcessNotifier() });
  });
  afterAll(async () => db?.close());

  it('never lets a reader skip an event that commits later', async () => {
    const writers = 16;
    const seen: number[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || cursor < (await store.events.lastSeq())) {
        const batch = await store.events.readAfter({ after: cursor, limit: 100 });
        for (const event of batch) seen.push(event.seq);
        cursor = batch.at(-1)?.seq ?? cursor;
        await sleep(2);
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        store.transact(async (tx) => {
          await sleep(Math.random() * 20);
          await tx.events.append(
            [{ type: 'USER_UPDATED', iamId: 'bim', subjectType: 'USER', subjectId: `writer-${i}`, data: {} }],
            new Date(),
            SYSTEM_ORIGIN,
          );
          await sleep(10 + Math.random() * 40); // commit late, after taking a number
        }),
      ),
    );
    writing = false;
    await reader;
    expect(seen).toEqual(Array.from({ length: writers }, (_, i) => i + 1));
  });

  it('leaves no number behind for a writer that rolls back', async () => {
    const before = await store.events.lastSeq();
    await expect(
      store.transact(async (tx) => {
        await tx.events.append(
          [{ type: 'USER_UPDATED', iamId: 'bim', subjectType: 'USER', subjectId: 'x', data: {} }],
          new Date(),
          SYSTEM_ORIGIN,
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await store.transact((tx) =>
      tx.events.append([{ type: 'USER_UPDATED', iamId: 'bim', subjectType: 'USER', subjectId: 'y', data: {} }], new Date(), SYSTEM_ORIGIN),
    );
    const events = await store.events.readAfter({ after: before, limit: 10 });
    expect(events.map((e) => [e.seq, e.subjectId])).toEqual([[before + 1, 'y']]);
  });
});
