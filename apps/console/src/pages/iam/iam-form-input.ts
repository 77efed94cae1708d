import type { VariablesOf } from '../../api/graphql.ts';
import type { CreateIamInput, IamForm, IamType } from './iam-form-state.ts';
import type { UpdateIamMutation } from './iam-documents.ts';

export type UpdateIamInput = VariablesOf<typeof UpdateIamMutation>['input'];

/** How a form field becomes an input field: text (empty clears), number, word list, flag, write-only secret. */
type Kind = 'text' | 'number' | 'words' | 'flag' | 'secret';
interface Spec {
  readonly [key: string]: Kind | Spec;
}
type Values = Record<string, unknown>;

const SAML: Spec = {
  entryPoint: 'text',
  idpCertificate: 'text',
  idpIssuer: 'text',
  issuer: 'text',
  requestBinding: 'text',
  userIdAttribute: 'text',
  groupAttribute: 'text',
  singleLogoutEnabled: 'flag',
  singleLogoutUrl: 'text',
  clockSkewSeconds: 'number',
  allowIdpInitiated: 'flag',
  signingCertificate: 'text',
  signingPrivateKey: 'secret',
  decryptionCertificate: 'text',
  decryptionPrivateKey: 'secret',
};
const OIDC: Spec = {
  discoveryUrl: 'text',
  issuer: 'text',
  authorizationEndpoint: 'text',
  tokenEndpoint: 'text',
  userinfoEndpoint: 'text',
  jwksUri: 'text',
  clientId: 'text',
  clientSecret: 'secret',
  scopes: 'words',
  userIdClaim: 'text',
  groupsClaim: 'text',
  allowInsecureRequests: 'flag',
  allowIdpInitiated: 'flag',
};
const LDAP: Spec = {
  url: 'text',
  startTls: 'flag',
  tlsVerify: 'flag',
  caCertificate: 'text',
  bindDn: 'text',
  bindPassword: 'secret',
  userBaseDn: 'text',
  userFilter: 'text',
  groupBaseDn: 'text',
  groupFilter: 'text',
  userIdAttribute: 'text',
  groupNameAttribute: 'text',
  membership: 'text',
  sync: {
    enabled: 'flag',
    schedule: 'text',
    pagingEnabled: 'flag',
    pageSize: 'number',
    fullSyncIntervalHours: 'number',
    deactivationLimitPercent: 'number',
    userFilter: 'text',
  },
};

// A number the browser cannot parse goes to the API as typed, which refuses it with its code.
const toNumber = (value: string) => (Number.isFinite(Number(value)) ? Number(value) : value);
const toWords = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/**
 * The input of one section: on create (no `before`) every flag and every filled field; on update
 * only what changed, an emptied field as null (the API then clears it or restores its default).
 * Secrets are sent only when typed: they are write-only and the form never holds the stored one.
 */
function sectionInput(spec: Spec, after: Values, before: Values | null): Values | undefined {
  const out: Values = {};
  for (const [key, kind] of Object.entries(spec)) {
    const value = after[key];
    if (typeof kind === 'object') {
      const nested = sectionInput(kind, value as Values, before ? (before[key] as Values) : null);
      if (nested) out[key] = nested;
    } else if (kind === 'flag') {
      if (!before || before[key] !== value) out[key] = value;
    } else if (kind === 'secret') {
      if (typeof value === 'string' && value !== '') out[key] = value;
    } else {
      const typed = String(value).trim();
      if (before && String(before[key]).trim() === typed) continue;
      if (typed === '') {
        if (before) out[key] = null;
        continue;
      }
      out[key] = kind === 'number' ? toNumber(typed) : kind === 'words' ? toWords(typed) : typed;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The shared settings as the API takes them; rows left entirely blank are dropped. */
function settingsValues(s: IamForm['settings']): Values {
  const externalEndpoint = s.externalEndpointUrl.trim()
    ? { url: s.externalEndpointUrl.trim(), timeoutMs: toNumber(s.externalEndpointTimeoutMs.trim() || '3000') }
    : null;
  return {
    defaultPermissions: s.defaultPermissions,
    groupPermissions: s.groupPermissions
      .filter((g) => g.group.trim() || g.permissions.length > 0)
      .map((g) => ({ ...g, group: g.group.trim() })),
    profileSchema: s.profileSchema.filter((p) => p.field || p.source.trim()).map((p) => ({ field: p.field, source: p.source.trim() })),
    attributeSchema: s.attributeSchema
      .filter((a) => a.source.trim() || a.prefix.trim())
      .map((a) => ({
        source: a.source.trim(),
        prefix: a.prefix.trim(),
        ...(a.key.trim() ? { key: a.key.trim() } : {}),
        ...(a.delimiter ? { delimiter: a.delimiter } : {}),
      })),
    syncGroups: s.syncGroups,
    syncAttributes: s.syncAttributes,
    userMatchingAttribute: s.userMatchingAttribute.trim(),
    groupMatchingAttribute: s.groupMatchingAttribute.trim(),
    migrateUsersFrom: s.migrateUsersFrom || null,
    externalEndpoint,
  };
}

function settingsInput(after: IamForm['settings'], before: IamForm['settings'] | null): Values | undefined {
  const next = settingsValues(after);
  const previous = before ? settingsValues(before) : null;
  const out: Values = {};
  for (const [key, value] of Object.entries(next)) {
    if (previous ? JSON.stringify(previous[key]) === JSON.stringify(value) : value === null) continue;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const KIND = { SAML: ['saml', SAML], OIDC: ['oidc', OIDC], LDAP: ['ldap', LDAP] } as const;

function kindInput(type: IamType, after: IamForm, before: IamForm | null): Values {
  if (type === 'BUILTIN') return {};
  const [key, spec] = KIND[type];
  const section = sectionInput(spec, after[key], before ? before[key] : null);
  return section ? { [key]: section } : {};
}

export function createIamInput(type: IamType, form: IamForm): CreateIamInput {
  const settings = settingsInput(form.settings, null);
  return {
    type,
    displayName: form.displayName.trim(),
    ...(form.id.trim() ? { id: form.id.trim() } : {}),
    enabled: form.enabled,
    ...(form.scimEnabled ? { scim: { enabled: true } } : {}),
    ...kindInput(type, form, null),
    ...(settings ? { settings } : {}),
  };
}

/** Only the fields that changed; an empty object when nothing did. */
export function updateIamInput(type: IamType, form: IamForm, saved: IamForm): UpdateIamInput {
  const settings = settingsInput(form.settings, saved.settings);
  return {
    ...(form.displayName.trim() !== saved.displayName ? { displayName: form.displayName.trim() } : {}),
    ...(form.enabled !== saved.enabled ? { enabled: form.enabled } : {}),
    ...kindInput(type, form, saved),
    ...(settings ? { settings } : {}),
  };
}
