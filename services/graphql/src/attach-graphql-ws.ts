import type { Server } from 'node:http';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { isRosterError } from '@roster/core';
import { authenticateConnection } from './authenticate-request.ts';
import type { GraphqlContext } from './context.ts';
import { GRAPHQL_PATH, type GraphqlHandler } from './create-graphql-handler.ts';
import type { GuardedRequest } from './use-request-guard.ts';

type Enveloped = ReturnType<YogaServerInstance<Record<string, unknown>, GraphqlContext>['getEnveloped']>;

/** RFC 6455 §7.4.1 as registered by IANA: the server is overloaded or cannot serve now; clients retry. */
const TRY_AGAIN_LATER = 1013;

/**
 * Serves the graphql-ws protocol on the HTTP server's `/graphql` upgrade requests, through the
 * same yoga instance (same schema, plugins and error masking). The bearer token comes in
 * `connection_init` as `{ "authorization": "Bearer <token>" }`, or else the session cookie of the
 * upgrade request authenticates it, from an allowed `Origin` only; a refusal closes with 4403.
 * When the database cannot be reached to check the token, the connection closes with 1013 "Try
 * Again Later" instead, which graphql-ws clients retry (4403 they do not).
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access --
   envelop types what getEnveloped returns loosely (`any`); this is yoga's documented graphql-ws wiring. */
export function attachGraphqlWebSocket(server: Server, yoga: GraphqlHandler): { close(): Promise<void> } {
  const wsServer = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const enveloped = yoga as unknown as YogaServerInstance<Record<string, unknown>, GraphqlContext>;
  const connections = new WeakMap<object, GuardedRequest>();
  const disposable = useServer(
    {
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onConnect: async (ctx) => {
        try {
          const principal = await authenticateConnection(yoga.authenticator, ctx.connectionParams, ctx.extra.request);
          connections.set(ctx, { principal, requestId: crypto.randomUUID() });
          return true;
        } catch (error) {
          // The close frame goes first; graphql-ws's own 4403 after `false` is then a no-op.
          if (isRosterError(error, 'STORAGE_UNAVAILABLE')) ctx.extra.socket.close(TRY_AGAIN_LATER, 'Try Again Later');
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = enveloped.getEnveloped({
          ...ctx,
          guarded: connections.get(ctx),
          params: payload,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wsServer,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
