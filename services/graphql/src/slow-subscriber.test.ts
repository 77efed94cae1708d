import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventCursor } from './event-cursor.ts';
import { createGraphqlHandler, type GraphqlHandler } from './create-graphql-handler.ts';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

const LIMIT = 50;

// A Server-Sent Events subscriber whose client stops reading the response: the transport stops
// pulling events, and the hub holds at most LIMIT of them for it while 10,000 commit.
describe('a subscriber that stops reading (Server-Sent Events)', () => {
  let h: GraphqlHarness;
  let yoga: GraphqlHandler;
  beforeAll(async () => {
    h = await createGraphqlHarness();
    await h.roster.createIam({ displayName: 'Entra', type: 'OIDC' });
    yoga = createGraphqlHandler({ ...h.services, subscriberBufferLimit: LIMIT });
  });
  afterAll(async () => h?.close());

  // 10,000 events on embedded PGlite: about 30 s on a quiet 2-core machine, more under the whole suite.
  it('is held at most its limit, and once it reads again gets every event once, in order', { timeout: 180_000 }, async () => {
    const start = await h.roster.events.lastSeq();
    const response = await yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${h.tokens.AUDIT}` },
      body: JSON.stringify({
        query: 'subscription($after: String) { provisioningEvents(iamId: "entra", after: $after) { sequence } }',
        variables: { after: encodeEventCursor(start) },
      }),
    });
    const body = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const sequences = () => [...text.matchAll(/"sequence":(\d+)/g)].map((match) => Number(match[1]));
    await h.roster.createUsers('entra', [{ userName: 'first@corp.com' }], 'SCIM');
    while (sequences().length === 0) text += decoder.decode((await body.read()).value, { stream: true });

    // It reads nothing more while 10,000 events commit.
    let largestBuffer = 0;
    for (let commit = 0; commit < 100; commit += 1) {
      await h.roster.createUsers(
        'entra',
        Array.from({ length: 100 }, (_, i) => ({ userName: `sse-${commit}-${i}@corp.com` })),
        'SCIM',
      );
      const last = await h.roster.events.lastSeq();
      while (yoga.hub.stats().headSeq < last) await new Promise((resolve) => setTimeout(resolve, 5));
      largestBuffer = Math.max(largestBuffer, yoga.hub.stats().largestBuffer);
    }
    expect(largestBuffer).toBeLessThanOrEqual(LIMIT);
    expect(yoga.hub.stats()).toMatchObject({ subscribers: 1, catchingUp: 1 });

    const logged = (await h.roster.events.readAfter({ after: start, iamId: 'entra', limit: 20_000 })).map((event) => event.seq);
    expect(logged).toHaveLength(10_001);
    while (sequences().length < logged.length) text += decoder.decode((await body.read()).value, { stream: true });
    await body.cancel();
    expect(sequences()).toEqual(logged);
  });
});
