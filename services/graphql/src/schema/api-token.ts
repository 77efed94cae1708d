import type { ApiToken, Principal, SessionPrincipal } from '@roster/core';
import { UserNode } from './user.ts';
import { builder } from '../builder.ts';
import { PermissionEnum } from './permission.ts';

const ApiTokenRef = builder.objectRef<ApiToken>('ApiToken').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    permissions: t.field({ type: [PermissionEnum], resolve: (token) => [...token.permissions] }),
    createdAt: t.field({ type: 'DateTime', resolve: (token) => token.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.revokedAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.lastUsedAt }),
  }),
});
const CreatedApiToken = builder.objectRef<{ token: string; apiToken: ApiToken }>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The bearer token, shown this once; only its hash is stored.' }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (payload) => payload.apiToken }),
  }),
});
const Viewer = builder.objectRef<Principal | SessionPrincipal>('Viewer').implement({
  description: 'Who the request is authenticated as: an API token, the ADMIN_TOKEN, or a logged-in user (session).',
  fields: (t) => ({
    kind: t.string({ resolve: (principal) => principal.kind }),
    name: t.string({
      nullable: true,
      resolve: (principal) =>
        principal.kind === 'API_TOKEN' ? principal.name : principal.kind === 'SESSION' ? principal.userName : 'ADMIN_TOKEN',
    }),
    user: t.field({
      type: UserNode,
      nullable: true,
      description: 'The logged-in user (sessions only): their profile, groups and effective permissions, with or without any permission.',
      authScopes: { read: true, self: true },
      resolve: (principal, _args, ctx) => (principal.kind === 'SESSION' ? ctx.loaders.user.load(principal.userId) : null),
    }),
    permissions: t.field({ type: [PermissionEnum], resolve: (principal) => [...principal.permissions] }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({ type: Viewer, description: 'Who the request is authenticated as.', resolve: (_root, _args, ctx) => ctx.principal }),
  apiTokens: t.field({
    type: [ApiTokenRef],
    authScopes: { permission: 'APPLICATION_ADMIN' },
    resolve: (_root, _args, ctx) => ctx.roster.listApiTokens(),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedApiToken,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    args: {
      name: t.arg.string({ required: true }),
      permissions: t.arg({ type: [PermissionEnum], required: true }),
      expiresAt: t.arg({ type: 'DateTime' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.roster.createApiToken({ name: args.name, permissions: args.permissions, expiresAt: args.expiresAt ?? null }),
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    description: 'The token stops working at once.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const revoked = await ctx.roster.revokeApiToken(String(id));
      ctx.principals.forget();
      return revoked;
    },
  }),
}));
