import { z } from 'zod';

const url = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );
const pem = z
  .string()
  .trim()
  .regex(/^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----$/, 'must be a PEM block');
const dn = z.string().trim().min(1);
const ldapFilter = z
  .string()
  .trim()
  .regex(/^\(.*\)$/s, 'must be an LDAP filter in parentheses, e.g. (objectClass=person)');

/** Directory sync settings of an LDAP IAM. */
export const ldapSyncSchema = z.object({
  enabled: z.boolean().default(false),
  /** Cron expression; hourly by default, as the reference describes. */
  schedule: z.string().trim().min(1).default('0 * * * *'),
  paging: z.object({ enabled: z.boolean().default(true), pageSize: z.number().int().min(1).max(10_000).default(500) }).prefault({}),
  /** The sync's own filter; the users synced match both it and the IAM's user filter. */
  userFilter: ldapFilter.optional(),
  fullSyncIntervalHours: z.number().int().min(1).default(24),
  /** Largest share of the IAM's users one run may deactivate without an admin forcing it. */
  deactivationLimitPercent: z.number().min(0).max(100).default(20),
});

/** LDAP / Active Directory / Okta LDAP Interface configuration. */
export const ldapConfigSchema = z.object({
  url: url(['ldap:', 'ldaps:']).optional(),
  startTls: z.boolean().default(false),
  caCertificate: pem.optional(),
  tlsVerify: z.boolean().default(true),
  bindDn: dn.optional(),
  bindPassword: z.string().min(1).optional(),
  userBaseDn: dn.optional(),
  userFilter: ldapFilter.default('(objectClass=inetOrgPerson)'),
  userIdAttribute: z.string().trim().min(1).default('uid'),
  groupBaseDn: dn.optional(),
  groupFilter: ldapFilter.default('(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))'),
  groupNameAttribute: z.string().trim().min(1).default('cn'),
  membership: z.enum(['member', 'uniqueMember', 'memberUid', 'memberOf']).default('member'),
  sync: ldapSyncSchema.prefault({}),
});

/** SAML 2.0 service-provider configuration. */
export const samlConfigSchema = z.object({
  /** The IdP's single sign-on URL (where login requests go). */
  entryPoint: url(['https:', 'http:']).optional(),
  /** How login requests reach the IdP. */
  requestBinding: z.enum(['REDIRECT', 'POST']).default('REDIRECT'),
  /** Roster's entity ID at this IdP (Entra's "Identifier"); the SP metadata URL when unset. */
  issuer: z.string().trim().min(1).optional(),
  /** The IdP's entity ID; when set, responses from any other issuer are refused. */
  idpIssuer: z.string().trim().min(1).optional(),
  idpCertificate: pem.optional(),
  /** Decrypts encrypted assertions; its certificate goes into the SP metadata. */
  decryptionPrivateKey: pem.optional(),
  decryptionCertificate: pem.optional(),
  /** Signs login and logout requests; its certificate goes into the SP metadata. */
  signingPrivateKey: pem.optional(),
  signingCertificate: pem.optional(),
  userIdAttribute: z.string().trim().min(1).default('nameID'),
  groupAttribute: z.string().trim().min(1).optional(),
  allowIdpInitiated: z.boolean().default(false),
  singleLogout: z.object({ enabled: z.boolean().default(false), url: url(['https:', 'http:']).optional() }).prefault({}),
  clockSkewSeconds: z.number().int().min(0).max(600).default(60),
});

/** OpenID Connect relying-party configuration: a discovery URL, or the endpoints by hand. */
export const oidcConfigSchema = z.object({
  discoveryUrl: url(['https:', 'http:']).optional(),
  issuer: url(['https:', 'http:']).optional(),
  authorizationEndpoint: url(['https:', 'http:']).optional(),
  tokenEndpoint: url(['https:', 'http:']).optional(),
  userinfoEndpoint: url(['https:', 'http:']).optional(),
  jwksUri: url(['https:', 'http:']).optional(),
  clientId: z.string().trim().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().trim().min(1)).default(['openid', 'profile', 'email']),
  userIdClaim: z.string().trim().min(1).default('email'),
  groupsClaim: z.string().trim().min(1).optional(),
  allowIdpInitiated: z.boolean().default(false),
  /** Only for local test providers: openid-client refuses http:// issuers otherwise. */
  allowInsecureRequests: z.boolean().default(false),
});

/** LDAP configuration as stored and used. */
export type LdapConfig = z.infer<typeof ldapConfigSchema>;
/** SAML configuration as stored and used. */
export type SamlConfig = z.infer<typeof samlConfigSchema>;
/** OIDC configuration as stored and used. */
export type OidcConfig = z.infer<typeof oidcConfigSchema>;

/** Fields of each kind that hold secrets: sealed at rest, write-only through the API. */
export const SECRET_FIELDS = {
  BUILTIN: [],
  LDAP: ['bindPassword'],
  SAML: ['decryptionPrivateKey', 'signingPrivateKey'],
  OIDC: ['clientSecret'],
} as const satisfies Record<'BUILTIN' | 'LDAP' | 'SAML' | 'OIDC', readonly string[]>;
