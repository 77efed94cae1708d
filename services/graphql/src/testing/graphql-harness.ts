import { PERMISSIONS, type Permission } from '@roster/core';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase, type TestDatabaseOptions } from '@roster/db/testing';
import { createGraphqlHandler } from '../create-graphql-handler.ts';

/** A GraphQL response as a client sees it. */
export interface GqlResult {
  readonly status: number;
  readonly contentType: string | null;
  readonly data?: Record<string, any>;
  readonly errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** A Roster GraphQL API on a fresh test database, with one API token per permission. */
export async function createGraphqlHarness(open: (options: TestDatabaseOptions) => Promise<TestDatabase> = createPgliteTestDatabase) {
  const sql: string[] = [];
  const db = await open({ onQuery: (query) => sql.push(query) });
  const roster = await createTestRoster(db);
  await roster.ensureBuiltinIam();
  const services = { roster, publicUrl: 'https://roster.example.com' };
  const yoga = createGraphqlHandler(services);
  const tokens = {} as Record<Permission, string>;
  for (const permission of PERMISSIONS)
    tokens[permission] = (await roster.createApiToken({ name: permission, permissions: [permission] })).token;

  /** POSTs a GraphQL request through the Fetch handler (no port). */
  async function gql(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = tokens.APPLICATION_ADMIN,
  ): Promise<GqlResult> {
    const response = await yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), ...((await response.json()) as object) };
  }

  /** Like gql, but fails the test on any GraphQL error. */
  async function ok(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = tokens.APPLICATION_ADMIN,
  ): Promise<Record<string, any>> {
    const result = await gql(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data!;
  }

  return { db, roster, services, yoga, tokens, gql, ok, sql, close: () => db.close() };
}

/** The harness; see {@link createGraphqlHarness}. */
export type GraphqlHarness = Awaited<ReturnType<typeof createGraphqlHarness>>;
