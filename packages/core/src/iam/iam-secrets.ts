import type { SecretBox } from '../ports.ts';
import type { Iam } from '../model.ts';
import { SECRET_FIELDS } from './iam-config.ts';
import { kindKey, mergePatch, parseKindConfig, type CreatableIamType } from './iam-input.ts';
import { assertSecretsStayBound } from './secret-destinations.ts';

/**
 * Builds the configuration to store from the stored one and a patch: merges, validates new values,
 * seals newly given secrets and keeps already-sealed ones untouched. Stored sealed values are
 * taken out before validation, since a sealed private key is no longer a PEM block. A kept secret
 * stays bound to where it is sent (see assertSecretsStayBound).
 */
export async function prepareKindConfig(
  type: CreatableIamType,
  stored: Record<string, unknown>,
  patch: unknown,
  secrets: SecretBox,
): Promise<Record<string, unknown>> {
  const merged = { ...(mergePatch(stored, patch ?? {}) as Record<string, unknown>) };
  const kept: Record<string, unknown> = {};
  for (const field of SECRET_FIELDS[type]) {
    if (merged[field] !== undefined && merged[field] === stored[field]) {
      kept[field] = merged[field];
      delete merged[field];
    }
  }
  const config = parseKindConfig(type, merged);
  assertSecretsStayBound(type, stored, config, Object.keys(kept), kindKey(type));
  for (const field of SECRET_FIELDS[type]) {
    const plain = config[field];
    if (typeof plain === 'string') config[field] = await secrets.seal(plain);
  }
  return { ...config, ...kept };
}

/** The plaintext of a secret field of an IAM's configuration, or null when none is set. */
export async function openIamSecret(iam: Iam, field: string, secrets: SecretBox): Promise<string | null> {
  const sealed = (iam.config as Readonly<Record<string, unknown>>)[field];
  return typeof sealed === 'string' ? secrets.open(sealed) : null;
}

/**
 * The IAM's kind configuration with every secret replaced by a `has<Field>` flag: what the API
 * shows, what logs and events may carry.
 */
export function redactKindConfig(iam: Iam): Record<string, unknown> {
  const config: Record<string, unknown> = { ...iam.config };
  for (const field of SECRET_FIELDS[iam.type]) {
    config[`has${field[0]!.toUpperCase()}${field.slice(1)}`] = config[field] !== undefined;
    delete config[field];
  }
  return config;
}
