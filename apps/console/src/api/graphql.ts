import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents: gql.tada reads the types of every query from Roster's schema
 * (services/graphql/schema.graphql, turned into graphql-env.d.ts by `npm run generate`), so a
 * field the API does not have is a type error here, not a runtime surprise.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
