import type { LdapConfig, OidcConfig, SamlConfig } from '@roster/core';
import { builder } from '../builder.ts';

/** How LDAP group membership is read. */
export const LdapMembershipEnum = builder.enumType('LdapMembership', {
  values: {
    MEMBER: { value: 'member' },
    UNIQUE_MEMBER: { value: 'uniqueMember' },
    MEMBER_UID: { value: 'memberUid' },
    MEMBER_OF: { value: 'memberOf' },
  } as const,
});

const LdapSync = builder.objectRef<LdapConfig['sync']>('LdapSyncSettings').implement({
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled'),
    schedule: t.exposeString('schedule', { description: 'Cron expression (default hourly).' }),
    pagingEnabled: t.boolean({ resolve: (sync) => sync.paging.enabled }),
    pageSize: t.int({ resolve: (sync) => sync.paging.pageSize }),
    userFilter: t.exposeString('userFilter', { nullable: true, description: 'Synced users match both this and the IAM user filter.' }),
    fullSyncIntervalHours: t.exposeInt('fullSyncIntervalHours'),
    deactivationLimitPercent: t.exposeFloat('deactivationLimitPercent'),
  }),
});

/** LDAP configuration; the bind password is write-only. */
export const LdapConfigRef = builder.objectRef<LdapConfig>('LdapConfig').implement({
  fields: (t) => ({
    url: t.exposeString('url', { nullable: true }),
    startTls: t.exposeBoolean('startTls'),
    caCertificate: t.exposeString('caCertificate', { nullable: true }),
    tlsVerify: t.exposeBoolean('tlsVerify'),
    bindDn: t.exposeString('bindDn', { nullable: true }),
    hasBindPassword: t.boolean({ resolve: (config) => config.bindPassword !== undefined }),
    userBaseDn: t.exposeString('userBaseDn', { nullable: true }),
    userFilter: t.exposeString('userFilter'),
    userIdAttribute: t.exposeString('userIdAttribute'),
    groupBaseDn: t.exposeString('groupBaseDn', { nullable: true }),
    groupFilter: t.exposeString('groupFilter'),
    groupNameAttribute: t.exposeString('groupNameAttribute'),
    membership: t.field({ type: LdapMembershipEnum, resolve: (config) => config.membership }),
    sync: t.field({ type: LdapSync, resolve: (config) => config.sync }),
  }),
});

/** How Roster sends SAML login requests to the IdP. */
export const SamlBindingEnum = builder.enumType('SamlBinding', { values: ['REDIRECT', 'POST'] as const });

/** SAML configuration; private keys are write-only. */
export const SamlConfigRef = builder.objectRef<SamlConfig>('SamlConfig').implement({
  fields: (t) => ({
    entryPoint: t.exposeString('entryPoint', { nullable: true }),
    requestBinding: t.field({ type: SamlBindingEnum, resolve: (config) => config.requestBinding }),
    issuer: t.exposeString('issuer', {
      nullable: true,
      description: "Roster's entity ID at the IdP (Entra's Identifier); the SP metadata URL when unset.",
    }),
    idpIssuer: t.exposeString('idpIssuer', {
      nullable: true,
      description: "The IdP's entity ID; when set, responses from other issuers are refused.",
    }),
    idpCertificate: t.exposeString('idpCertificate', { nullable: true }),
    signingCertificate: t.exposeString('signingCertificate', { nullable: true }),
    decryptionCertificate: t.exposeString('decryptionCertificate', { nullable: true }),
    hasDecryptionPrivateKey: t.boolean({ resolve: (config) => config.decryptionPrivateKey !== undefined }),
    hasSigningPrivateKey: t.boolean({ resolve: (config) => config.signingPrivateKey !== undefined }),
    userIdAttribute: t.exposeString('userIdAttribute'),
    groupAttribute: t.exposeString('groupAttribute', { nullable: true }),
    allowIdpInitiated: t.exposeBoolean('allowIdpInitiated'),
    singleLogoutEnabled: t.boolean({ resolve: (config) => config.singleLogout.enabled }),
    singleLogoutUrl: t.string({ nullable: true, resolve: (config) => config.singleLogout.url ?? null }),
    clockSkewSeconds: t.exposeInt('clockSkewSeconds'),
  }),
});

/** OpenID Connect configuration; the client secret is write-only. */
export const OidcConfigRef = builder.objectRef<OidcConfig>('OidcConfig').implement({
  fields: (t) => ({
    discoveryUrl: t.exposeString('discoveryUrl', { nullable: true }),
    issuer: t.exposeString('issuer', { nullable: true }),
    authorizationEndpoint: t.exposeString('authorizationEndpoint', { nullable: true }),
    tokenEndpoint: t.exposeString('tokenEndpoint', { nullable: true }),
    userinfoEndpoint: t.exposeString('userinfoEndpoint', { nullable: true }),
    jwksUri: t.exposeString('jwksUri', { nullable: true }),
    clientId: t.exposeString('clientId', { nullable: true }),
    hasClientSecret: t.boolean({ resolve: (config) => config.clientSecret !== undefined }),
    scopes: t.exposeStringList('scopes'),
    userIdClaim: t.exposeString('userIdClaim'),
    groupsClaim: t.exposeString('groupsClaim', { nullable: true }),
    allowIdpInitiated: t.exposeBoolean('allowIdpInitiated'),
    allowInsecureRequests: t.exposeBoolean('allowInsecureRequests'),
  }),
});
