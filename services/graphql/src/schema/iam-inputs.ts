import { builder } from '../builder.ts';
import { LdapMembershipEnum, SamlBindingEnum } from './iam-config-types.ts';
import { PermissionEnum } from './permission.ts';

/** The kinds of identity manager. */
export const IamTypeEnum = builder.enumType('IamType', { values: ['BUILTIN', 'LDAP', 'SAML', 'OIDC'] as const });

const ScimInput = builder.inputType('ScimSettingsInput', { fields: (t) => ({ enabled: t.boolean({ required: true }) }) });

const LdapSyncInput = builder.inputType('LdapSyncSettingsInput', {
  fields: (t) => ({
    enabled: t.boolean(),
    schedule: t.string(),
    pagingEnabled: t.boolean(),
    pageSize: t.int(),
    userFilter: t.string(),
    fullSyncIntervalHours: t.int(),
    deactivationLimitPercent: t.float(),
  }),
});

/** Fields left out keep their value on update; `null` clears an optional one. */
export const LdapConfigInput = builder.inputType('LdapConfigInput', {
  fields: (t) => ({
    url: t.string(),
    startTls: t.boolean(),
    caCertificate: t.string(),
    tlsVerify: t.boolean(),
    bindDn: t.string(),
    bindPassword: t.string({ description: 'Write-only: sealed at rest, never returned.' }),
    userBaseDn: t.string(),
    userFilter: t.string(),
    userIdAttribute: t.string(),
    groupBaseDn: t.string(),
    groupFilter: t.string(),
    groupNameAttribute: t.string(),
    membership: t.field({ type: LdapMembershipEnum }),
    sync: t.field({ type: LdapSyncInput }),
  }),
});

export const SamlConfigInput = builder.inputType('SamlConfigInput', {
  fields: (t) => ({
    entryPoint: t.string(),
    requestBinding: t.field({ type: SamlBindingEnum }),
    issuer: t.string(),
    idpIssuer: t.string(),
    idpCertificate: t.string(),
    decryptionPrivateKey: t.string({ description: 'Write-only.' }),
    decryptionCertificate: t.string(),
    signingPrivateKey: t.string({ description: 'Write-only.' }),
    signingCertificate: t.string(),
    userIdAttribute: t.string(),
    groupAttribute: t.string(),
    allowIdpInitiated: t.boolean(),
    singleLogoutEnabled: t.boolean(),
    singleLogoutUrl: t.string(),
    clockSkewSeconds: t.int(),
  }),
});

export const OidcConfigInput = builder.inputType('OidcConfigInput', {
  fields: (t) => ({
    discoveryUrl: t.string(),
    issuer: t.string(),
    authorizationEndpoint: t.string(),
    tokenEndpoint: t.string(),
    userinfoEndpoint: t.string(),
    jwksUri: t.string(),
    clientId: t.string(),
    clientSecret: t.string({ description: 'Write-only.' }),
    scopes: t.stringList(),
    userIdClaim: t.string(),
    groupsClaim: t.string(),
    allowIdpInitiated: t.boolean(),
    allowInsecureRequests: t.boolean(),
  }),
});

const GroupPermissionInput = builder.inputType('GroupPermissionInput', {
  fields: (t) => ({ group: t.string({ required: true }), permissions: t.field({ type: [PermissionEnum], required: true }) }),
});
const AttributeMappingInput = builder.inputType('AttributeMappingInput', {
  fields: (t) => ({ source: t.string({ required: true }), prefix: t.string({ required: true }), key: t.string(), delimiter: t.string() }),
});
const ProfileMappingInput = builder.inputType('ProfileMappingInput', {
  fields: (t) => ({ field: t.string({ required: true }), source: t.string({ required: true }) }),
});
const ExternalEndpointInput = builder.inputType('ExternalEndpointInput', {
  fields: (t) => ({ url: t.string({ required: true }), timeoutMs: t.int() }),
});

/** Settings every kind shares. */
export const IamSettingsInput = builder.inputType('IamSettingsInput', {
  fields: (t) => ({
    defaultPermissions: t.field({ type: [PermissionEnum] }),
    groupPermissions: t.field({ type: [GroupPermissionInput] }),
    profileSchema: t.field({ type: [ProfileMappingInput] }),
    attributeSchema: t.field({ type: [AttributeMappingInput] }),
    syncGroups: t.boolean(),
    syncAttributes: t.boolean(),
    userMatchingAttribute: t.string(),
    groupMatchingAttribute: t.string(),
    migrateUsersFrom: t.string(),
    externalEndpoint: t.field({ type: ExternalEndpointInput }),
  }),
});

type InputFields = PothosSchemaTypes.InputFieldBuilder<
  typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never,
  'InputObject'
>;

/** What both creating and updating an IAM may set. */
const configurableIamFields = (t: InputFields) => ({
  enabled: t.boolean(),
  scim: t.field({ type: ScimInput }),
  ldap: t.field({ type: LdapConfigInput }),
  saml: t.field({ type: SamlConfigInput }),
  oidc: t.field({ type: OidcConfigInput }),
  settings: t.field({ type: IamSettingsInput }),
});

export const CreateIamInput = builder.inputType('CreateIamInput', {
  fields: (t) => ({
    displayName: t.string({ required: true }),
    type: t.field({ type: IamTypeEnum, required: true }),
    id: t.string({ description: 'Optional explicit IAM ID; derived from displayName when absent. Never changes.' }),
    ...configurableIamFields(t),
  }),
});

export const UpdateIamInput = builder.inputType('UpdateIamInput', {
  fields: (t) => ({ displayName: t.string(), ...configurableIamFields(t) }),
});
