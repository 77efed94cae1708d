import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { GraphqlContext, GraphqlLogger } from './context.ts';
import { isUnexpected } from './errors.ts';

/**
 * Logs every unexpected error (a bug, an outage) with its stack, path and the request id, and
 * masks it for the client with that request id in `extensions`, so an operator can find the log
 * line a user reports. Runs before yoga's own masking, which then leaves these errors alone.
 */
export function useErrorLog(logger: GraphqlLogger | undefined): Plugin<GraphqlContext> {
  const mask = (context: GraphqlContext, result: ExecutionResult, setResult: (result: ExecutionResult) => void): void => {
    if (!result.errors?.some(isUnexpected)) return;
    const errors = result.errors.map((error) => {
      if (!isUnexpected(error)) return error;
      const cause = error instanceof GraphQLError ? (error.originalError ?? error) : error;
      logger?.error({ err: cause, requestId: context.requestId, path: error.path?.join('.') }, 'unexpected GraphQL error');
      return new GraphQLError('Unexpected error.', {
        nodes: error.nodes,
        path: error.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: context.requestId },
      });
    });
    setResult({ ...result, errors });
  };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => mask(args.contextValue, result, setResult)),
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => mask(args.contextValue, result, setResult)),
    }),
  };
}
