import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RosterError, type EventQuery, type Roster, type RosterEvent } from '@roster/core';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createEventHub, type EventHub } from './event-hub.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAST_RETRY = { initialMs: 1, maxMs: 4 };

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: 'warn' | 'error'; message: string; attempt: unknown }[] = [];
  return {
    lines,
    warn: (object: Record<string, unknown>, message: string) => void lines.push({ level: 'warn', message, attempt: object['attempt'] }),
    error: (object: Record<string, unknown>, message: string) => void lines.push({ level: 'error', message, attempt: object['attempt'] }),
  };
}

describe('event hub', () => {
  let db: TestDatabase;
  let roster: Roster;
  let n = 0;
  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
    await roster.createIam({ displayName: 'Entra', type: 'OIDC' });
  });
  afterAll(async () => db?.close());

  /** Commits `count` user creations, `perCommit` to a transaction; calls `after` after each commit. */
  async function createUsers(count: number, perCommit: number, after: () => Promise<void> = async () => {}): Promise<void> {
    for (let done = 0; done < count; done += perCommit) {
      const inputs = Array.from({ length: Math.min(perCommit, count - done) }, () => ({ userName: `hub-${++n}@corp.com` }));
      await roster.createUsers('entra', inputs, 'SCIM');
      await after();
    }
  }

  /** Waits until the hub has read and fanned out everything committed so far. */
  async function hubCaughtUp(hub: EventHub): Promise<void> {
    const last = await roster.events.lastSeq();
    while (hub.stats().headSeq < last) await sleep(5);
  }

  /** Takes `count` events from the iterator. */
  async function take(events: AsyncIterator<RosterEvent>, count: number): Promise<RosterEvent[]> {
    const taken: RosterEvent[] = [];
    while (taken.length < count) {
      const next = await events.next();
      if (next.done) break;
      taken.push(next.value);
    }
    return taken;
  }

  const loggedAfter = async (seq: number) =>
    (await roster.events.readAfter({ after: seq, iamId: 'entra', limit: 100_000 })).map((event) => event.seq);

  it('holds at most its limit for a subscriber that stops reading, then delivers every event once, in order', async () => {
    const hub = createEventHub(roster, { subscriberBufferLimit: 100, pollMs: 60_000 });
    const start = await roster.events.lastSeq();
    const feed = await hub.attach({ iamId: 'entra', after: start });
    const events = feed[Symbol.asyncIterator]();
    try {
      await createUsers(1, 1);
      const received = await take(events, 1); // live now; from here on it takes nothing
      let largestBuffer = 0;
      await createUsers(10_000, 250, async () => {
        await hubCaughtUp(hub);
        largestBuffer = Math.max(largestBuffer, hub.stats().largestBuffer);
      });
      expect(largestBuffer).toBeLessThanOrEqual(100);
      expect(hub.stats()).toMatchObject({ subscribers: 1, live: 0, catchingUp: 1 });

      received.push(...(await take(events, 10_000)));
      expect(received.map((event) => event.seq)).toEqual(await loggedAfter(start));
      // Caught up, it is back on the live fan-out: the next commit reaches it from there.
      const next = events.next();
      while (hub.stats().live === 0) await sleep(5);
      await createUsers(1, 1);
      expect((await next).value?.seq).toBe(await roster.events.lastSeq());
    } finally {
      feed.close();
    }
  });

  it('delivers every event once, in order, to a slow subscriber that falls behind again and again', async () => {
    const hub = createEventHub(roster, { subscriberBufferLimit: 10, pollMs: 60_000 });
    const start = await roster.events.lastSeq();
    const feed = await hub.attach({ iamId: 'entra', after: start });
    const received: number[] = [];
    let catchUps = 0;
    const reading = (async () => {
      for await (const event of feed) {
        received.push(event.seq);
        if (hub.stats().catchingUp > 0) catchUps += 1;
        if (received.length % 40 === 0) await sleep(2);
        if (received.length === 2_000) return;
      }
    })();
    await createUsers(2_000, 20);
    await reading;
    expect(received).toEqual(await loggedAfter(start));
    expect(catchUps).toBeGreaterThan(0); // it did fall behind, and caught up
  });

  describe('when reads of the log fail', () => {
    /** The roster, with reads of the log failing while `faults.readAfter` (or `faults.lastSeq`) is above zero. */
    function faulty() {
      const faults = { readAfter: 0, lastSeq: 0 };
      const outage = () => new RosterError('STORAGE_UNAVAILABLE', 'The database is unreachable.');
      const events: Roster['events'] = {
        readAfter: (async (query: EventQuery) => {
          if (faults.readAfter > 0 && faults.readAfter--) throw outage();
          return roster.events.readAfter(query);
        }) as Roster['events']['readAfter'],
        lastSeq: async () => {
          if (faults.lastSeq > 0 && faults.lastSeq--) throw outage();
          return roster.events.lastSeq();
        },
      };
      return { faults, roster: { ...roster, events } };
    }

    it('logs a failed live read and retries it, and the subscriber still gets everything', async () => {
      const { faults, roster: failing } = faulty();
      const logger = recordingLogger();
      const hub = createEventHub(failing, { pollMs: 60_000, logger, retry: FAST_RETRY });
      const start = await roster.events.lastSeq();
      const feed = await hub.attach({ iamId: 'entra', after: start });
      const events = feed[Symbol.asyncIterator]();
      try {
        await createUsers(1, 1);
        const received = await take(events, 1); // live: the hub's reads bring the rest
        faults.readAfter = 2;
        await createUsers(3, 3); // one commit, one notification: only a retry can bring it
        received.push(...(await take(events, 3)));
        expect(received.map((event) => event.seq)).toEqual(await loggedAfter(start));
        expect(logger.lines).toEqual([
          { level: 'warn', message: 'event hub read failed: the database is unavailable; retrying', attempt: 1 },
          { level: 'warn', message: 'event hub read failed: the database is unavailable; retrying', attempt: 2 },
        ]);
      } finally {
        feed.close();
      }
    });

    it('logs a failed catch-up read and retries it', async () => {
      const { faults, roster: failing } = faulty();
      const logger = recordingLogger();
      const hub = createEventHub(failing, { pollMs: 60_000, logger, retry: FAST_RETRY });
      const start = await roster.events.lastSeq();
      await createUsers(3, 3);
      faults.readAfter = 2;
      const feed = await hub.attach({ iamId: 'entra', after: start });
      try {
        expect((await take(feed[Symbol.asyncIterator](), 3)).map((event) => event.seq)).toEqual(await loggedAfter(start));
        expect(logger.lines.map((line) => [line.message, line.attempt])).toEqual([
          ['subscriber catch-up read failed: the database is unavailable; retrying', 1],
          ['subscriber catch-up read failed: the database is unavailable; retrying', 2],
        ]);
      } finally {
        feed.close();
      }
    });

    it('refuses a subscriber while it cannot find the end of the log, and serves the next one', async () => {
      const { faults, roster: failing } = faulty();
      const hub = createEventHub(failing, { pollMs: 60_000 });
      faults.lastSeq = 1;
      const refused = await hub.attach({ after: 0 }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(hub.stats().subscribers).toBe(0);
      const feed = await hub.attach({ iamId: 'entra', after: (await roster.events.lastSeq()) - 1 });
      try {
        expect((await take(feed[Symbol.asyncIterator](), 1))[0]?.seq).toBe(await roster.events.lastSeq());
      } finally {
        feed.close();
      }
    });
  });
});
