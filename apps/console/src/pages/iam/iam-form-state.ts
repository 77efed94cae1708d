import type { VariablesOf } from '../../api/graphql.ts';
import type { Permission } from '../../auth/permissions.ts';
import type { CreateIamMutation } from './iam-documents.ts';
import type { IamDetail } from './iam-documents.ts';

export type IamType = IamDetail['type'];
export type CreateIamInput = VariablesOf<typeof CreateIamMutation>['input'];
type Membership = NonNullable<IamDetail['ldap']>['membership'];
type Binding = NonNullable<IamDetail['saml']>['requestBinding'];

/**
 * The settings form as the administrator edits it: text fields as strings (numbers too, parsed on
 * save), write-only secrets empty unless being replaced. The same shape for Add IAM and editing.
 */
export interface IamForm {
  displayName: string;
  id: string;
  enabled: boolean;
  scimEnabled: boolean;
  saml: {
    entryPoint: string;
    idpCertificate: string;
    idpIssuer: string;
    issuer: string;
    requestBinding: Binding;
    userIdAttribute: string;
    groupAttribute: string;
    singleLogoutEnabled: boolean;
    singleLogoutUrl: string;
    clockSkewSeconds: string;
    allowIdpInitiated: boolean;
    signingCertificate: string;
    signingPrivateKey: string;
    decryptionCertificate: string;
    decryptionPrivateKey: string;
  };
  oidc: {
    discoveryUrl: string;
    issuer: string;
    authorizationEndpoint: string;
    tokenEndpoint: string;
    userinfoEndpoint: string;
    jwksUri: string;
    clientId: string;
    clientSecret: string;
    scopes: string;
    userIdClaim: string;
    groupsClaim: string;
    allowInsecureRequests: boolean;
    allowIdpInitiated: boolean;
  };
  ldap: {
    url: string;
    startTls: boolean;
    tlsVerify: boolean;
    caCertificate: string;
    bindDn: string;
    bindPassword: string;
    userBaseDn: string;
    userFilter: string;
    groupBaseDn: string;
    groupFilter: string;
    userIdAttribute: string;
    groupNameAttribute: string;
    membership: Membership;
    sync: {
      enabled: boolean;
      schedule: string;
      pagingEnabled: boolean;
      pageSize: string;
      fullSyncIntervalHours: string;
      deactivationLimitPercent: string;
      userFilter: string;
    };
  };
  settings: {
    defaultPermissions: Permission[];
    groupPermissions: { group: string; permissions: Permission[] }[];
    profileSchema: { field: string; source: string }[];
    attributeSchema: { source: string; prefix: string; key: string; delimiter: string }[];
    syncGroups: boolean;
    syncAttributes: boolean;
    userMatchingAttribute: string;
    groupMatchingAttribute: string;
    migrateUsersFrom: string;
    externalEndpointUrl: string;
    externalEndpointTimeoutMs: string;
  };
}

/** Which write-only secrets the IAM holds already ("set"), as the API reports them. */
export interface SecretsSet {
  clientSecret: boolean;
  bindPassword: boolean;
  signingPrivateKey: boolean;
  decryptionPrivateKey: boolean;
}

const text = (value: string | null | undefined) => value ?? '';
const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** A new IAM's form: the API's defaults, so that what is shown is what is created. */
export function blankIamForm(): IamForm {
  return {
    displayName: '',
    id: '',
    enabled: true,
    scimEnabled: false,
    saml: {
      entryPoint: '',
      idpCertificate: '',
      idpIssuer: '',
      issuer: '',
      requestBinding: 'REDIRECT',
      userIdAttribute: 'nameID',
      groupAttribute: '',
      singleLogoutEnabled: false,
      singleLogoutUrl: '',
      clockSkewSeconds: '60',
      allowIdpInitiated: false,
      signingCertificate: '',
      signingPrivateKey: '',
      decryptionCertificate: '',
      decryptionPrivateKey: '',
    },
    oidc: {
      discoveryUrl: '',
      issuer: '',
      authorizationEndpoint: '',
      tokenEndpoint: '',
      userinfoEndpoint: '',
      jwksUri: '',
      clientId: '',
      clientSecret: '',
      scopes: 'openid profile email',
      userIdClaim: 'email',
      groupsClaim: '',
      allowInsecureRequests: false,
      allowIdpInitiated: false,
    },
    ldap: {
      url: '',
      startTls: false,
      tlsVerify: true,
      caCertificate: '',
      bindDn: '',
      bindPassword: '',
      userBaseDn: '',
      userFilter: '(objectClass=inetOrgPerson)',
      groupBaseDn: '',
      groupFilter: '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))',
      userIdAttribute: 'uid',
      groupNameAttribute: 'cn',
      membership: 'MEMBER',
      sync: {
        enabled: false,
        schedule: '0 * * * *',
        pagingEnabled: true,
        pageSize: '500',
        fullSyncIntervalHours: '24',
        deactivationLimitPercent: '20',
        userFilter: '',
      },
    },
    settings: {
      defaultPermissions: [],
      groupPermissions: [],
      profileSchema: [],
      attributeSchema: [],
      syncGroups: false,
      syncAttributes: false,
      userMatchingAttribute: 'userName',
      groupMatchingAttribute: 'displayName',
      migrateUsersFrom: '',
      externalEndpointUrl: '',
      externalEndpointTimeoutMs: '3000',
    },
  };
}

/** The form of a saved IAM: what the API returned, secrets left empty. */
export function iamFormOf(iam: IamDetail): IamForm {
  const blank = blankIamForm();
  const { saml, oidc, ldap } = iam;
  return {
    displayName: iam.displayName,
    id: iam.id,
    enabled: iam.enabled,
    scimEnabled: iam.scim.enabled,
    saml: saml
      ? {
          entryPoint: text(saml.entryPoint),
          idpCertificate: text(saml.idpCertificate),
          idpIssuer: text(saml.idpIssuer),
          issuer: text(saml.issuer),
          requestBinding: saml.requestBinding,
          userIdAttribute: saml.userIdAttribute,
          groupAttribute: text(saml.groupAttribute),
          singleLogoutEnabled: saml.singleLogoutEnabled,
          singleLogoutUrl: text(saml.singleLogoutUrl),
          clockSkewSeconds: num(saml.clockSkewSeconds),
          allowIdpInitiated: saml.allowIdpInitiated,
          signingCertificate: text(saml.signingCertificate),
          signingPrivateKey: '',
          decryptionCertificate: text(saml.decryptionCertificate),
          decryptionPrivateKey: '',
        }
      : blank.saml,
    oidc: oidc
      ? {
          discoveryUrl: text(oidc.discoveryUrl),
          issuer: text(oidc.issuer),
          authorizationEndpoint: text(oidc.authorizationEndpoint),
          tokenEndpoint: text(oidc.tokenEndpoint),
          userinfoEndpoint: text(oidc.userinfoEndpoint),
          jwksUri: text(oidc.jwksUri),
          clientId: text(oidc.clientId),
          clientSecret: '',
          scopes: oidc.scopes.join(' '),
          userIdClaim: oidc.userIdClaim,
          groupsClaim: text(oidc.groupsClaim),
          allowInsecureRequests: oidc.allowInsecureRequests,
          allowIdpInitiated: oidc.allowIdpInitiated,
        }
      : blank.oidc,
    ldap: ldap
      ? {
          url: text(ldap.url),
          startTls: ldap.startTls,
          tlsVerify: ldap.tlsVerify,
          caCertificate: text(ldap.caCertificate),
          bindDn: text(ldap.bindDn),
          bindPassword: '',
          userBaseDn: text(ldap.userBaseDn),
          userFilter: ldap.userFilter,
          groupBaseDn: text(ldap.groupBaseDn),
          groupFilter: ldap.groupFilter,
          userIdAttribute: ldap.userIdAttribute,
          groupNameAttribute: ldap.groupNameAttribute,
          membership: ldap.membership,
          sync: {
            enabled: ldap.sync.enabled,
            schedule: ldap.sync.schedule,
            pagingEnabled: ldap.sync.pagingEnabled,
            pageSize: num(ldap.sync.pageSize),
            fullSyncIntervalHours: num(ldap.sync.fullSyncIntervalHours),
            deactivationLimitPercent: num(ldap.sync.deactivationLimitPercent),
            userFilter: text(ldap.sync.userFilter),
          },
        }
      : blank.ldap,
    settings: {
      defaultPermissions: [...iam.defaultPermissions],
      groupPermissions: iam.groupPermissions.map((g) => ({ group: g.group, permissions: [...g.permissions] })),
      profileSchema: iam.profileSchema.map((p) => ({ field: p.field, source: p.source })),
      attributeSchema: iam.attributeSchema.map((a) => ({
        source: a.source,
        prefix: a.prefix,
        key: text(a.key),
        delimiter: text(a.delimiter),
      })),
      syncGroups: iam.syncGroups,
      syncAttributes: iam.syncAttributes,
      userMatchingAttribute: iam.userMatchingAttribute,
      groupMatchingAttribute: iam.groupMatchingAttribute,
      migrateUsersFrom: text(iam.migrateUsersFrom),
      externalEndpointUrl: text(iam.externalEndpoint?.url),
      externalEndpointTimeoutMs: iam.externalEndpoint ? String(iam.externalEndpoint.timeoutMs) : '3000',
    },
  };
}

export function secretsSetOf(iam: IamDetail | null): SecretsSet {
  return {
    clientSecret: iam?.oidc?.hasClientSecret ?? false,
    bindPassword: iam?.ldap?.hasBindPassword ?? false,
    signingPrivateKey: iam?.saml?.hasSigningPrivateKey ?? false,
    decryptionPrivateKey: iam?.saml?.hasDecryptionPrivateKey ?? false,
  };
}
