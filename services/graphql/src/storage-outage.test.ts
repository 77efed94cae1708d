import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRoster, createUnreachableTestDatabase, type TestDatabase } from '@roster/db/testing';
import { createGraphqlHandler, type GraphqlHandler } from './create-graphql-handler.ts';
import { startGraphqlServer } from './testing/graphql-server.ts';

// ADMIN_TOKEN authenticates without the database, so requests get past authentication and meet
// the outage where they read.
const ADMIN_TOKEN = 'admin-token-of-the-outage-test-0123456789';

// PostgreSQL is down (a port nothing listens on): clients are told to come back later, in each
// protocol's words, instead of being refused or handed an internal error.
describe('while the database is unreachable', () => {
  let down: TestDatabase;
  let yoga: GraphqlHandler;
  let server: Awaited<ReturnType<typeof startGraphqlServer>>;
  beforeAll(async () => {
    down = await createUnreachableTestDatabase();
    const roster = await createTestRoster(down, { adminToken: ADMIN_TOKEN });
    yoga = createGraphqlHandler({ roster, publicUrl: 'https://roster.example.com' });
    server = await startGraphqlServer({ yoga });
  });
  afterAll(async () => {
    await server?.close();
    await down?.close();
  });

  it('closes a graphql-ws connection it cannot authenticate with 1013 Try Again Later, which the client retries', async () => {
    let attempts = 0;
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      server.client('rtok_cannot_be_checked', {
        retryAttempts: 1,
        onConnecting: () => (attempts += 1),
        onClose: (event) => attempts === 2 && resolve(event as { code: number; reason: string }),
      }),
    );
    expect(await closed).toMatchObject({ code: 1013, reason: 'Try Again Later' });
    expect(attempts).toBe(2);
  });

  it('answers queries with 503 SERVICE_UNAVAILABLE, through Prisma and through the SQL reader', async () => {
    for (const query of ['{ iams { id } }', '{ users(iamId: "bim", first: 5) { edges { node { id } } } }']) {
      const response = await yoga.fetch('http://roster.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${ADMIN_TOKEN}`,
        },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect({ query, status: response.status, codes: body.errors?.map((error) => error.extensions?.code) }).toEqual({
        query,
        status: 503,
        codes: ['SERVICE_UNAVAILABLE'],
      });
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
    }
  });

  it('ends a subscription it cannot start with SERVICE_UNAVAILABLE', async () => {
    const client = server.client(ADMIN_TOKEN);
    const outcome = await new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: 'subscription { provisioningEvents { sequence } }' },
        { next: resolve, error: resolve, complete: () => resolve('complete') },
      ),
    );
    expect(outcome).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
  });
});
