import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHandler, type GraphqlHandler } from './create-graphql-handler.ts';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

describe('the GraphQL boundary', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  const preflight = (yoga: GraphqlHandler, origin: string) =>
    yoga.fetch('http://roster.test/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-roster-csrf' },
    });

  it('sends no CORS headers unless origins are configured, and credentials only to a listed origin', async () => {
    const closed = await preflight(h.yoga, 'http://localhost:5555');
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    expect(closed.headers.get('access-control-allow-credentials')).toBeNull();
    const open = createGraphqlHandler({ ...h.services, corsOrigins: ['https://app.example.com'] });
    const listed = await preflight(open, 'https://app.example.com');
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listed.headers.get('access-control-allow-headers')).toContain('x-roster-csrf');
    const other = await preflight(open, 'https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses an anonymous request before reading its body', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await h.yoga.fetch(
      new Request('http://roster.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(401);
    expect(pulls).toBeLessThanOrEqual(1);
  });

  it('refuses a body over 1 MiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ query: `{ viewer { kind } } # ${'x'.repeat(1_100_000)}` });
    const declared = await h.yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.AUDIT}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(declared.status).toBe(413);
  });

  it('refuses wide documents in milliseconds with QUERY_LIMIT_EXCEEDED, and accepts introspection', async () => {
    const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: viewer { permissions }`).join(' ')} }`;
    const started = performance.now();
    const wide = await h.gql(aliases, {}, h.tokens.IDENTITY_READ);
    const elapsed = performance.now() - started;
    expect(wide.status).toBe(400);
    expect(wide.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'tokens' });
    expect(elapsed).toBeLessThan(2_000); // generous: a stall would take seconds (4.7 s before the limit)
    const fewAliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: iams { id }`).join(' ')} }`;
    expect((await h.gql(fewAliases)).errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'aliases', max: 30 });
    const directives = `{ viewer { kind ${Array.from({ length: 31 }, () => '@include(if: true)').join(' ')} } }`;
    expect((await h.gql(directives)).errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'directives' });
    const introspection = await h.gql(getIntrospectionQuery());
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data?.['__schema']).toBeDefined();
  });

  it('answers with a request id, and logs an unexpected error with its stack under that id', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = { warn() {}, error: (object: Record<string, unknown>) => void logged.push(object) };
    const failing = createGraphqlHandler({
      ...h.services,
      logger,
      integrations: {
        testConnection: async () => {
          throw new Error('directory adapter exploded');
        },
      },
    });
    const response = await failing.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.APPLICATION_ADMIN}`, 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: JSON.stringify({ query: 'mutation { testIamConnection(id: "bim") { steps { ok } } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    const result = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(result.errors[0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' });
    expect(JSON.stringify(result)).not.toContain('exploded');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ requestId: 'req-42' });
    expect((logged[0]!['err'] as Error).stack).toContain('directory adapter exploded');
  });
});
