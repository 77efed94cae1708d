import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisNotifier, openDatabase, type ClosableNotifier, type Database } from '@roster/db';
import { createPostgresTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createGraphqlHandler } from './create-graphql-handler.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

// Two Roster processes (two clients, two notifiers) on one PostgreSQL database: a subscriber of
// one sees what the other commits, through Redis, long before its one-minute poll would.
describe('subscriptions across processes (PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  let other: Database;
  const notifiers: ClosableNotifier[] = [];
  beforeAll(async () => {
    db = await createPostgresTestDatabase();
    other = await openDatabase({ databaseUrl: db.url!, dataDir: '' });
  });
  afterAll(async () => {
    await Promise.all(notifiers.map((notifier) => notifier.close()));
    await other?.close();
    await db?.close();
  });

  it('delivers an event committed by another process within moments', async () => {
    const channel = `roster:test:${randomUUID()}`;
    const [notifierA, notifierB] = await Promise.all([
      createRedisNotifier(REDIS_URL, { channel }),
      createRedisNotifier(REDIS_URL, { channel }),
    ]);
    notifiers.push(notifierA, notifierB);
    const writer = await createTestRoster(db, { notifier: notifierA });
    const reader = await createTestRoster({ prisma: other.prisma, reader: other.reader, close: async () => {} }, { notifier: notifierB });
    await writer.ensureBuiltinIam();
    const { token } = await reader.createApiToken({ name: 'reader', permissions: ['AUDIT'] });
    const yoga = createGraphqlHandler({
      roster: reader,
      publicUrl: 'http://b',
      eventPollMs: 60_000,
    });
    const response = await yoga.fetch('http://b/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { provisioningEvents(iamId: "bim") { subjectId } }' }),
    });
    const body = response.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await body.read()).value);
    };
    // A write of the reader's own process proves the subscription is live before timing the other's.
    const own = await reader.createUser('bim', { userName: 'from-process-b' }, 'ADMIN');
    await readUntil(own.id);
    const started = Date.now();
    const user = await writer.createUser('bim', { userName: 'from-process-a' }, 'ADMIN');
    await readUntil(user.id);
    await body.cancel();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
