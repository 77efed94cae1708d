import type { Plugin } from 'graphql-yoga';
import type { EventOrigin, Principal, SessionPrincipal } from '@roster/core';
import type { GraphqlContext } from './context.ts';

/**
 * The origin of the events an operation causes: an API token by its id (the operator's
 * ADMIN_TOKEN, which is never stored and has none, as `ADMIN_TOKEN`), a session by its user.
 */
export function principalOrigin(principal: Principal | SessionPrincipal): EventOrigin {
  switch (principal.kind) {
    case 'API_TOKEN':
      return { kind: 'API_TOKEN', apiTokenId: principal.tokenId };
    case 'ADMIN_TOKEN':
      return { kind: 'API_TOKEN', apiTokenId: 'ADMIN_TOKEN' };
    case 'SESSION':
      return { kind: 'USER', userId: principal.userId, iamId: principal.iamId };
  }
}

/**
 * Runs each operation in its principal's origin (`roster.withOrigin`), so every change a mutation
 * makes is stamped with who asked. Wraps whichever execute the plugins before it chose (JIT's).
 */
export function useEventOrigin(): Plugin<GraphqlContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const { roster, principal } = args.contextValue;
      const origin = principalOrigin(principal);
      setExecuteFn((...executeArgs: Parameters<typeof executeFn>): unknown =>
        roster.withOrigin(origin, (): unknown => executeFn(...executeArgs)),
      );
    },
  };
}
