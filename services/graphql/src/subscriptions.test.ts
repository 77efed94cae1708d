import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTestDatabase } from '@roster/db/testing';
import { decodeEventCursor } from './event-cursor.ts';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';
import { startGraphqlServer } from './testing/graphql-server.ts';

const SUBSCRIPTION =
  'subscription($iamId: String, $after: String) { provisioningEvents(iamId: $iamId, after: $after) { cursor sequence type subjectId } }';
type Received = { cursor: string; sequence: number; type: string; subjectId: string };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live provisioning events over graphql-ws (PostgreSQL)', () => {
  let h: GraphqlHarness;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  beforeAll(async () => {
    h = await createGraphqlHarness(createPostgresTestDatabase);
    server = await startGraphqlServer(h);
    await h.roster.createIam({ displayName: 'Entra', type: 'OIDC' });
  });
  afterAll(async () => {
    await server?.close();
    await h?.close();
  });

  /** Subscribes and collects events until `until` says stop; returns them. */
  function collect(token: string, variables: Record<string, unknown>, until: (events: Received[]) => boolean): Promise<Received[]> {
    return collectQuery(token, SUBSCRIPTION, until, variables);
  }

  function collectQuery(
    token: string,
    query: string,
    until: (events: Received[]) => boolean,
    variables: Record<string, unknown> = {},
  ): Promise<Received[]> {
    const client = server.client(token);
    const events: Received[] = [];
    return new Promise((resolve, reject) => {
      const stop = client.subscribe<{ provisioningEvents: Received }>(
        { query, variables },
        {
          next: (result) => {
            if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
            events.push(result.data!.provisioningEvents);
            if (until(events)) {
              stop();
              void Promise.resolve(client.dispose()).then(() => resolve(events));
            }
          },
          error: reject,
          complete: () => resolve(events),
        },
      );
    });
  }

  it('resumes from its cursor after a disconnect with no gap and no duplicate while a writer keeps committing', async () => {
    const start = await h.roster.events.lastSeq();
    const total = 40;
    const writer = (async () => {
      for (let i = 0; i < total; i += 1) {
        await h.roster.createUser('entra', { userName: `stream-${i}@corp.com` }, 'SCIM');
        await sleep(5);
      }
    })();
    const firstHalf = await collect(h.tokens.IDENTITY_READ, { iamId: 'entra', after: encode(start) }, (events) => events.length === 15);
    const resumed = await collect(
      h.tokens.IDENTITY_READ,
      { iamId: 'entra', after: firstHalf.at(-1)!.cursor },
      (events) => firstHalf.length + events.length === total,
    );
    await writer;
    const all = [...firstHalf, ...resumed];
    const logged = await h.roster.events.readAfter({ after: start, iamId: 'entra', limit: 1000 });
    expect(all.map((e) => e.sequence)).toEqual(logged.map((e) => e.seq));
    expect(all.every((e) => e.type === 'USER_CREATED')).toBe(true);
    expect(new Set(all.map((e) => e.subjectId)).size).toBe(total);
  });

  it('delivers concurrently committed events as one strictly ordered stream', async () => {
    const start = await h.roster.events.lastSeq();
    const writers = 30;
    const received = collect(h.tokens.AUDIT, { after: encode(start) }, (events) => events.length === writers);
    await sleep(50);
    await Promise.all(
      Array.from({ length: writers }, (_, i) => h.roster.createUser('entra', { userName: `concurrent-${i}@corp.com` }, 'SCIM')),
    );
    const events = await received;
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: writers }, (_, i) => start + 1 + i));
  });

  it('starts from now without a cursor, and replays from the start with one', async () => {
    const before = await h.roster.events.lastSeq();
    const live = collect(h.tokens.AUDIT, { iamId: 'entra' }, (events) => events.length === 1);
    let delivered: Received[] | undefined;
    void live.then((events) => (delivered = events));
    // Keep writing until the subscription (which attaches asynchronously) hears one write.
    for (let i = 0; !delivered && i < 100; i += 1) {
      await h.roster.createUser('entra', { userName: `live-${i}@corp.com` }, 'SCIM');
      await sleep(100);
    }
    expect((await live)[0]!.sequence).toBeGreaterThan(before);
    const replay = await collect(h.tokens.AUDIT, { iamId: 'entra', after: encode(0) }, (events) => events.length === 3);
    expect(replay[0]?.type).toBe('IAM_CREATED');
    expect(decodeEventCursor(replay[2]!.cursor)).toBe(replay[2]!.sequence);
    // The same with the cursor written in the document instead of a variable (graphql-jit lost
    // such arguments of subscriptions: the stream started from now).
    const inline = await collectQuery(
      h.tokens.AUDIT,
      `subscription { provisioningEvents(iamId: "entra", after: "${encode(0)}") { cursor sequence type subjectId } }`,
      (events) => events.length === 3,
    );
    expect(inline.slice(0, 3)).toEqual(replay.slice(0, 3));
  });

  it('reads the event log once per change, however many subscribers listen', async () => {
    const subscribers = 20;
    const start = encode(await h.roster.events.lastSeq());
    let live = 0;
    let allLive!: () => void;
    const ready = new Promise<void>((resolve) => (allLive = resolve));
    const received = Array.from({ length: subscribers }, () =>
      collect(h.tokens.AUDIT, { iamId: 'entra', after: start }, (events) => {
        if (events.length === 1 && ++live === subscribers) allLive();
        return events.length === 2;
      }),
    );
    // A first change brings every subscriber past its replay and onto the live feed.
    await h.roster.createUser('entra', { userName: 'fanout-warmup@corp.com' }, 'SCIM');
    await ready;
    h.sql.length = 0;
    await h.roster.createUser('entra', { userName: 'fanout@corp.com' }, 'SCIM');
    const all = await Promise.all(received);
    expect(all.every((events) => events[1]?.type === 'USER_CREATED')).toBe(true);
    const logReads = h.sql.filter((sql) => /FROM "public"\."Event"/.test(sql) && sql.startsWith('SELECT'));
    expect(logReads.length).toBeLessThanOrEqual(3);
  });

  it("stamps a mutation's events with its API token, and streams the origin", async () => {
    const query = 'subscription($after: String) { provisioningEvents(after: $after) { type origin { kind key apiTokenId iamId } } }';
    const start = await h.roster.events.lastSeq();
    const client = server.client(h.tokens.AUDIT);
    const received = new Promise<unknown>((resolve, reject) => {
      const stop = client.subscribe<{ provisioningEvents: unknown }>(
        { query, variables: { after: encode(start) } },
        {
          next: (result) => {
            stop();
            void Promise.resolve(client.dispose()).then(() => resolve(result.data?.provisioningEvents ?? result.errors));
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    const { tokenId } = (await h.roster.authenticate(h.tokens.USER_ADMIN)) as { tokenId: string };
    await h.ok('mutation { createUser(input: { userName: "origin@corp.com" }) { id } }', {}, h.tokens.USER_ADMIN);
    const origin = { kind: 'API_TOKEN', key: `API_TOKEN:${tokenId}`, apiTokenId: tokenId, iamId: null };
    expect(await received).toEqual({ type: 'USER_CREATED', origin });
    const listed = await h.ok(
      `{ events(after: "${encode(start)}") { edges { node { type origin { kind key apiTokenId iamId } } } } }`,
      {},
      h.tokens.AUDIT,
    );
    expect(listed['events'].edges).toEqual([{ node: { type: 'USER_CREATED', origin } }]);
  });

  it('refuses a connection without a valid token', async () => {
    const closed = new Promise<unknown>((resolve) => server.client('rtok_wrong', { onClose: resolve }));
    expect(await closed).toMatchObject({ code: 4403 });
  });

  it('streams over Server-Sent Events too', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${h.tokens.AUDIT}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { iamId: 'entra', after: encode(0) } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('IAM_CREATED')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/event: next\ndata: \{"data":\{"provisioningEvents":\{"cursor":"[^"]+","sequence":\d+,"type":"IAM_CREATED"/);
  });
});

function encode(seq: number): string {
  return Buffer.from(`event:${seq}`).toString('base64url');
}
