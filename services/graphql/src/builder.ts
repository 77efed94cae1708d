import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from 'graphql';
import type { Permission } from '@roster/core';
import { holds, type GraphqlContext } from './context.ts';

/** The Pothos builder; types live in schema/, one file per GraphQL type. */
export const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  AuthScopes: { read: boolean; self: boolean; permission: Permission };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      // Every permission reads identities (never secrets); writes need the specific one.
      read: context.principal.permissions.length > 0,
      // A logged-in user, whatever they may do, sees themself (viewer.user) and their groups.
      self: context.principal.kind === 'SESSION',
      permission: (permission) => holds(context, permission),
    }),
    unauthorizedError: (_parent, _context, info) =>
      new GraphQLError(`Not allowed to access ${info.parentType.name}.${info.fieldName}.`, { extensions: { code: 'FORBIDDEN' } }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: { authScopes: { read: true } },
    nodesQueryOptions: { authScopes: { read: true } },
  },
});
