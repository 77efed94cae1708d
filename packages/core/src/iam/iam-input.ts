import { z } from 'zod';
import { RosterError } from '../errors.ts';
import { parseInput } from '../rules/parse-input.ts';
import { isPlainObject } from '../rules/source-attributes.ts';
import { ldapConfigSchema, oidcConfigSchema, samlConfigSchema } from './iam-config.ts';
import { iamSettingsSchema, type IamSettings } from './iam-settings.ts';

/** The kinds an administrator can create; BUILTIN always exists and is never created. */
export const CREATABLE_IAM_TYPES = ['LDAP', 'SAML', 'OIDC'] as const;

/** One of {@link CREATABLE_IAM_TYPES}. */
export type CreatableIamType = (typeof CREATABLE_IAM_TYPES)[number];

/** Input of createIam. Only the configuration block of the IAM's own kind may be given. */
export interface CreateIamInput {
  readonly displayName: string;
  readonly type: string;
  /** An explicit IAM ID; when absent it is derived from the display name. */
  readonly id?: string;
  readonly enabled?: boolean;
  readonly scim?: { readonly enabled: boolean };
  readonly ldap?: unknown;
  readonly saml?: unknown;
  readonly oidc?: unknown;
  readonly settings?: unknown;
}

/** Input of updateIam: every field optional; nested objects merge, `null` clears a field. */
export interface UpdateIamInput {
  readonly displayName?: string;
  readonly enabled?: boolean;
  readonly scim?: { readonly enabled: boolean };
  readonly ldap?: unknown;
  readonly saml?: unknown;
  readonly oidc?: unknown;
  readonly settings?: unknown;
}

const KIND_SCHEMAS = { LDAP: ldapConfigSchema, SAML: samlConfigSchema, OIDC: oidcConfigSchema } as const;
const KIND_KEYS = { LDAP: 'ldap', SAML: 'saml', OIDC: 'oidc' } as const;

const baseSchema = z.object({
  displayName: z.string().trim().min(1, 'displayName is required').max(200),
  type: z.enum(CREATABLE_IAM_TYPES, { error: 'type must be LDAP, SAML or OIDC (the built-in IAM always exists)' }),
  id: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'id must be lower-case letters, digits and hyphens')
    .optional(),
  enabled: z.boolean().default(true),
  scim: z.object({ enabled: z.boolean() }).default({ enabled: false }),
});

/** The validated parts of a createIam input. */
export interface ParsedIamInput {
  readonly base: z.output<typeof baseSchema>;
  readonly kindConfig: Record<string, unknown>;
  readonly settings: IamSettings;
}

/** Validates a createIam input; config blocks of other kinds are refused, not ignored. */
export function parseCreateIamInput(input: CreateIamInput): ParsedIamInput {
  const base = parseInput(baseSchema, input, 'IAM');
  assertOnlyOwnKind(base.type, input);
  if (base.scim.enabled && base.type === 'LDAP') {
    throw new RosterError('VALIDATION_FAILED', 'SCIM provisioning is for SAML and OIDC IAMs; LDAP IAMs use directory sync.', {
      details: { field: 'scim.enabled' },
    });
  }
  const key = KIND_KEYS[base.type];
  const kindConfig = parseKindConfig(base.type, input[key] ?? {});
  const settings = parseInput(iamSettingsSchema, input.settings ?? {}, 'IAM settings');
  return { base, kindConfig, settings };
}

/** Validates kind configuration (after merging an update into the stored one). */
export function parseKindConfig(type: CreatableIamType, config: unknown): Record<string, unknown> {
  return parseInput(KIND_SCHEMAS[type], config, `${type} configuration`);
}

/** Refuses configuration blocks that belong to another kind of IAM. */
export function assertOnlyOwnKind(
  type: string,
  input: { readonly ldap?: unknown; readonly saml?: unknown; readonly oidc?: unknown },
): void {
  for (const [kind, key] of Object.entries(KIND_KEYS)) {
    if (kind !== type && input[key] !== undefined && input[key] !== null) {
      throw new RosterError('VALIDATION_FAILED', `A ${type} IAM takes no "${key}" configuration.`, { details: { field: key } });
    }
  }
}

/**
 * Merges an update into stored values: nested objects merge key by key, `null` removes a key,
 * `undefined` keeps it, anything else replaces it (arrays included).
 */
export function mergePatch(stored: unknown, patch: unknown): unknown {
  if (patch === undefined) return stored;
  if (!isPlainObject(patch) || !isPlainObject(stored)) return patch;
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = mergePatch(stored[key], value);
  }
  return merged;
}

/** The configuration key of a creatable kind. */
export function kindKey(type: CreatableIamType): 'ldap' | 'saml' | 'oidc' {
  return KIND_KEYS[type];
}
