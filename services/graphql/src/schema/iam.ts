import { assessLoginReadiness, type ExternalLookupStatus, type Iam, type RederiveResult, type SamlConfig } from '@roster/core';
import { samlSpUrls, startTestUserLogin, type TestUserLogin } from '@roster/sso';
import { builder } from '../builder.ts';
import { LdapConfigRef, OidcConfigRef, SamlConfigRef } from './iam-config-types.ts';
import { CreateIamInput, IamTypeEnum, UpdateIamInput } from './iam-inputs.ts';
import { toCoreIamInput } from './iam-input-mapping.ts';
import { PermissionEnum } from './permission.ts';

type SamlIamLike = { readonly id: string; readonly config: SamlConfig };

/** An identity manager as the API shows it: configuration without secrets. */
export const IamRef = builder.objectRef<Iam>('Iam');

const ScimInfo = builder.objectRef<{ iam: Iam; url: string }>('IamScim').implement({
  fields: (t) => ({
    enabled: t.boolean({ resolve: ({ iam }) => iam.scim.enabled }),
    url: t.string({ description: 'The base URL to configure in the IdP.', resolve: ({ url }) => url }),
    hasToken: t.boolean({ resolve: ({ iam }) => iam.scim.tokenHash !== null }),
  }),
});

const LoginReadiness = builder.objectRef<{ ready: boolean; missing: readonly string[] }>('LoginReadiness').implement({
  fields: (t) => ({ ready: t.exposeBoolean('ready'), missing: t.exposeStringList('missing') }),
});
const GroupPermission = builder.objectRef<Iam['settings']['groupPermissions'][number]>('GroupPermission').implement({
  fields: (t) => ({
    group: t.exposeString('group'),
    permissions: t.field({ type: [PermissionEnum], resolve: (rule) => rule.permissions }),
  }),
});
const AttributeMapping = builder.objectRef<Iam['settings']['attributeSchema'][number]>('AttributeMapping').implement({
  fields: (t) => ({
    source: t.exposeString('source'),
    prefix: t.exposeString('prefix'),
    key: t.exposeString('key', { nullable: true }),
    delimiter: t.exposeString('delimiter', { nullable: true }),
  }),
});
const ProfileMapping = builder.objectRef<{ field: string; source: string }>('ProfileMapping').implement({
  fields: (t) => ({ field: t.exposeString('field'), source: t.exposeString('source') }),
});
const ExternalEndpointStatus = builder.objectRef<ExternalLookupStatus>('ExternalEndpointStatus').implement({
  description: 'The outcome of the last call to the external groups-and-attributes endpoint (at a login).',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (status) => status.at }),
    ok: t.boolean({ resolve: (status) => status.error === null }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

const ExternalEndpoint = builder
  .objectRef<{ iam: Iam; endpoint: NonNullable<Iam['settings']['externalEndpoint']> }>('ExternalEndpoint')
  .implement({
    fields: (t) => ({
      url: t.string({ resolve: ({ endpoint }) => endpoint.url }),
      timeoutMs: t.int({ resolve: ({ endpoint }) => endpoint.timeoutMs }),
      lastCall: t.field({
        type: ExternalEndpointStatus,
        nullable: true,
        resolve: ({ iam }, _args, ctx) => ctx.roster.read((repos) => repos.iams.externalLookupStatus(iam.id)),
      }),
    }),
  });

IamRef.implement({
  authScopes: { read: true },
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The IAM ID: derived from the display name at creation, never changed.' }),
    displayName: t.exposeString('displayName'),
    type: t.field({ type: IamTypeEnum, resolve: (iam) => iam.type }),
    enabled: t.exposeBoolean('enabled'),
    scim: t.field({ type: ScimInfo, resolve: (iam, _args, ctx) => ({ iam, url: `${ctx.publicUrl}/scim/v2/${iam.id}` }) }),
    loginReadiness: t.field({ type: LoginReadiness, resolve: (iam) => assessLoginReadiness(iam) }),
    userCount: t.int({
      description: "The IAM's users, deactivated ones included (as `users(iamId:)` counts them).",
      resolve: async (iam, _args, ctx) => (await ctx.loaders.iamSummary.load(iam.id)).userCount,
    }),
    ssoCallbackUrl: t.string({
      nullable: true,
      description: 'Where the IdP sends users back (SAML assertion consumer / OIDC redirect URI).',
      resolve: (iam, _args, ctx) =>
        iam.type === 'SAML' || iam.type === 'OIDC' ? `${ctx.publicUrl}/bim/iam/${iam.id}/user/authenticate/callback` : null,
    }),
    samlMetadataUrl: t.string({
      nullable: true,
      resolve: (iam, _args, ctx) => (iam.type === 'SAML' ? samlSpUrls(ctx.publicUrl, iam as SamlIamLike).metadata : null),
    }),
    samlEntityId: t.string({
      nullable: true,
      description: "Roster's SAML entity ID (audience) for this IAM: the configured issuer, else the metadata URL.",
      resolve: (iam, _args, ctx) => (iam.type === 'SAML' ? samlSpUrls(ctx.publicUrl, iam as SamlIamLike).entityId : null),
    }),
    samlSingleLogoutServiceUrl: t.string({
      nullable: true,
      description: 'The SLO binding URL to enter at the IdP: where it sends LogoutRequests and LogoutResponses.',
      resolve: (iam, _args, ctx) => (iam.type === 'SAML' ? samlSpUrls(ctx.publicUrl, iam as SamlIamLike).slo : null),
    }),
    ldap: t.field({ type: LdapConfigRef, nullable: true, resolve: (iam) => (iam.type === 'LDAP' ? iam.config : null) }),
    saml: t.field({ type: SamlConfigRef, nullable: true, resolve: (iam) => (iam.type === 'SAML' ? iam.config : null) }),
    oidc: t.field({ type: OidcConfigRef, nullable: true, resolve: (iam) => (iam.type === 'OIDC' ? iam.config : null) }),
    defaultPermissions: t.field({ type: [PermissionEnum], resolve: (iam) => iam.settings.defaultPermissions }),
    groupPermissions: t.field({ type: [GroupPermission], resolve: (iam) => iam.settings.groupPermissions }),
    profileSchema: t.field({
      type: [ProfileMapping],
      resolve: (iam) => Object.entries(iam.settings.profileSchema).map(([field, source]) => ({ field, source: String(source) })),
    }),
    attributeSchema: t.field({ type: [AttributeMapping], resolve: (iam) => iam.settings.attributeSchema }),
    syncGroups: t.boolean({ resolve: (iam) => iam.settings.syncGroups }),
    syncAttributes: t.boolean({ resolve: (iam) => iam.settings.syncAttributes }),
    userMatchingAttribute: t.string({
      resolve: (iam) =>
        iam.settings.userMatchingAttribute === 'workEmail' ? 'emails[type eq "work"].value' : iam.settings.userMatchingAttribute,
    }),
    groupMatchingAttribute: t.string({ resolve: (iam) => iam.settings.groupMatchingAttribute }),
    migrateUsersFrom: t.string({ nullable: true, resolve: (iam) => iam.settings.migrateUsersFrom }),
    externalEndpoint: t.field({
      type: ExternalEndpoint,
      nullable: true,
      resolve: (iam) => (iam.settings.externalEndpoint ? { iam, endpoint: iam.settings.externalEndpoint } : null),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (iam) => iam.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (iam) => iam.updatedAt }),
  }),
});

const TestUserLoginRef = builder.objectRef<TestUserLogin>('TestUserLogin').implement({
  fields: (t) => ({
    loginUrl: t.exposeString('loginUrl'),
    expiresAt: t.field({ type: 'DateTime', resolve: (login) => login.expiresAt }),
  }),
});

const IamWithToken = builder.objectRef<{ iam: Iam; scimToken: string | null; rederived?: RederiveResult | null }>('IamPayload').implement({
  fields: (t) => ({
    iam: t.field({ type: IamRef, resolve: (payload) => payload.iam }),
    scimToken: t.string({
      nullable: true,
      description: 'The plaintext SCIM bearer token: present only when SCIM was just enabled, shown this once.',
      resolve: (p) => p.scimToken,
    }),
    rederivedUsers: t.int({
      nullable: true,
      description:
        "When the profile schema, attribute schema or attribute sync changed: how many users' profile fields or attributes changed, " +
        'derived again from what their IdP last sent (done before this answers). Null when nothing had to be derived again.',
      resolve: (p) => p.rederived?.changed ?? null,
    }),
  }),
});
const ScimTokenPayload = builder.objectRef<{ scimToken: string }>('ScimTokenPayload').implement({
  fields: (t) => ({ scimToken: t.exposeString('scimToken', { description: 'Shown this once; the previous token stopped working.' }) }),
});

builder.queryFields((t) => ({
  iams: t.field({ type: [IamRef], authScopes: { read: true }, resolve: (_root, _args, ctx) => ctx.roster.listIams() }),
  iam: t.field({
    type: IamRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.roster.read((repos) => repos.iams.get(id)),
  }),
}));

builder.mutationFields((t) => ({
  createIam: t.field({
    type: IamWithToken,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    args: { input: t.arg({ type: CreateIamInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.roster.createIam(toCoreIamInput(input as Record<string, unknown>) as never),
  }),
  updateIam: t.field({
    type: IamWithToken,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    args: { id: t.arg.string({ required: true }), input: t.arg({ type: UpdateIamInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => ctx.roster.updateIam(id, toCoreIamInput(input as Record<string, unknown>)),
  }),
  startTestUserLogin: t.field({
    type: TestUserLoginRef,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    description:
      'Prepares a login with the IAM as `input` would leave it, without saving: open `loginUrl` (once, within ten minutes) in a browser to log in at the IdP and see the user ID, groups and attributes Roster receives. No user, session or event is created.',
    args: { iamId: t.arg.string({ required: true }), input: t.arg({ type: UpdateIamInput }) },
    resolve: (_root, { iamId, input }, ctx) =>
      startTestUserLogin(ctx.roster, ctx.publicUrl, iamId, input ? toCoreIamInput(input as Record<string, unknown>) : {}),
  }),
  deleteIam: t.boolean({
    authScopes: { permission: 'APPLICATION_ADMIN' },
    description: 'Refused while the IAM has users, unless told what to do with them: migrate them to another IAM, or delete them too.',
    args: { id: t.arg.string({ required: true }), migrateUsersTo: t.arg.string(), deleteUsers: t.arg.boolean() },
    resolve: async (_root, { id, migrateUsersTo, deleteUsers }, ctx) => (
      await ctx.roster.deleteIam(id, { migrateUsersTo, deleteUsers }),
      true
    ),
  }),
  rotateScimToken: t.field({
    type: ScimTokenPayload,
    authScopes: { permission: 'APPLICATION_ADMIN' },
    args: { iamId: t.arg.string({ required: true }) },
    resolve: async (_root, { iamId }, ctx) => ({ scimToken: await ctx.roster.rotateScimToken(iamId) }),
  }),
}));
