import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * What one GraphQL request may ask for (README: "Limits"). Every limit is checked before anything
 * runs — tokens while parsing, the rest while validating — and a refusal is a 400 with code
 * QUERY_LIMIT_EXCEEDED naming the limit. GraphiQL's introspection query needs ~1,300 tokens.
 */
export const QUERY_LIMITS = {
  /** Request body, in bytes: the same as SCIM's maxPayloadSize. */
  bodyBytes: 1_048_576,
  tokens: 5_000,
  aliases: 30,
  directives: 30,
  depth: 12,
  cost: 100_000,
} as const;

type Limit = Exclude<keyof typeof QUERY_LIMITS, 'bodyBytes'>;

const coded = (limit: Limit, error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, max: QUERY_LIMITS[limit] },
  });

const reporting = (limit: Limit) => ({
  n: QUERY_LIMITS[limit],
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(coded(limit, error))],
});

/** graphql-armor's limits, with Roster's error code. */
export function queryLimitPlugins(): Plugin[] {
  return [
    maxTokensPlugin({
      n: QUERY_LIMITS.tokens,
      propagateOnRejection: false,
      onReject: [
        (_context, error) => {
          throw coded('tokens', error);
        },
      ],
    }),
    maxAliasesPlugin(reporting('aliases')),
    maxDirectivesPlugin(reporting('directives')),
    maxDepthPlugin(reporting('depth')),
    costLimitPlugin({ maxCost: QUERY_LIMITS.cost, propagateOnRejection: false, onReject: reporting('cost').onReject }),
  ];
}
