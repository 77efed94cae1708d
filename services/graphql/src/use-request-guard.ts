import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isRosterError, type Principal, type SessionPrincipal } from '@roster/core';
import { authenticateRequest, type Authenticator } from './authenticate-request.ts';
import type { GraphqlLogger } from './context.ts';
import { codeOf } from './errors.ts';

/** What the guard learned about a request, for the context factory. */
export interface GuardedRequest {
  readonly principal: Principal | SessionPrincipal;
  readonly requestId: string;
}

/** The guard's findings per request, read by the context factory. */
export type GuardedRequests = WeakMap<Request, GuardedRequest>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Runs first for every request (after CORS preflights and the GraphiQL page): names it with a
 * request id (a load balancer's sane `x-request-id`, else a new UUID, echoed in the response)
 * and authenticates it before its body is read, so an anonymous client cannot make Roster parse
 * a megabyte. A refusal is a GraphQL-over-HTTP error response with `extensions.code`.
 */
export function useRequestGuard(auth: Authenticator, guarded: GuardedRequests, logger: GraphqlLogger | undefined): Plugin {
  return {
    async onRequest(payload): Promise<void> {
      const { request } = payload;
      const incoming = request.headers.get('x-request-id');
      const requestId = incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
      if (request.method === 'OPTIONS') return;
      try {
        guarded.set(request, { principal: await authenticateRequest(auth, request), requestId });
      } catch (error) {
        payload.endResponse(refusal(request, error, requestId, logger));
      }
    },
    onResponse({ request, response }) {
      const requestId = guarded.get(request)?.requestId;
      if (requestId !== undefined && !response.headers.has('x-request-id')) response.headers.set('x-request-id', requestId);
    },
  };
}

function refusal(request: Request, error: unknown, requestId: string, logger: GraphqlLogger | undefined): Response {
  let body: { message: string; extensions: Record<string, unknown> };
  let status: number;
  let headers: Record<string, string> = {};
  if (error instanceof GraphQLError) {
    const http = (error.extensions['http'] ?? {}) as { status?: number; headers?: Record<string, string> };
    status = http.status ?? 400;
    headers = http.headers ?? {};
    body = { message: error.message, extensions: { code: error.extensions['code'] } };
  } else if (isRosterError(error, 'STORAGE_UNAVAILABLE')) {
    status = 503;
    body = { message: 'Roster cannot reach its database; try again shortly.', extensions: { code: codeOf(error), requestId } };
  } else {
    logger?.error({ err: error, requestId }, 'authentication failed unexpectedly');
    status = 500;
    body = { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
  }
  const accept = request.headers.get('accept') ?? '';
  const type = accept.includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
  return new Response(JSON.stringify({ errors: [body] }), {
    status,
    headers: { ...headers, 'content-type': `${type}; charset=utf-8`, 'x-request-id': requestId },
  });
}
