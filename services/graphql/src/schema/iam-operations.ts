import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';
import type { ConnectionStep } from '../context.ts';
import { SyncModeEnum, SyncRunNode } from './sync-run.ts';
import { reloadSyncRun } from './reload-row.ts';

const ConnectionStepRef = builder.objectRef<ConnectionStep>('ConnectionStep').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    ok: t.exposeBoolean('ok'),
    message: t.exposeString('message'),
    durationMs: t.exposeInt('durationMs'),
  }),
});
const ConnectionTest = builder.objectRef<{ steps: readonly ConnectionStep[] }>('ConnectionTest').implement({
  fields: (t) => ({
    ok: t.boolean({ resolve: (test) => test.steps.length > 0 && test.steps.every((step) => step.ok) }),
    steps: t.field({ type: [ConnectionStepRef], resolve: (test) => test.steps }),
  }),
});

const unavailable = (what: string) =>
  new GraphQLError(`${what} is not available in this deployment.`, { extensions: { code: 'NOT_IMPLEMENTED' } });

builder.mutationFields((t) => ({
  testIamConnection: t.field({
    type: ConnectionTest,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    description:
      'Checks the saved settings against the real IdP or directory: LDAP bind and a sample search, OIDC discovery and JWKS, SAML certificate.',
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const test = ctx.integrations?.testConnection;
      if (!test) throw unavailable('Connection testing');
      return { steps: await test(await ctx.roster.getIam(id)) };
    },
  }),
  triggerLdapSync: t.field({
    type: SyncRunNode,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    description: 'Starts a sync of an LDAP IAM now; returns the run while it is RUNNING. A second trigger while one runs is a CONFLICT.',
    args: { iamId: t.arg.string({ required: true }), mode: t.arg({ type: SyncModeEnum, defaultValue: 'FULL' }) },
    resolve: async (_root, { iamId, mode }, ctx) => {
      const trigger = ctx.integrations?.triggerLdapSync;
      if (!trigger) throw unavailable('Directory sync');
      const run = await trigger(iamId, mode ?? 'FULL');
      return reloadSyncRun(ctx, run.id);
    },
  }),
}));
