import { z } from 'zod';
import { isPlainObject, readSourceAttribute, toAttributeValues, type SourceAttributes } from './source-attributes.ts';

/** Roster attributes: `prefix.key` -> one or more values. */
export type AttributeMap = Readonly<Record<string, readonly string[]>>;

const PREFIX = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * One attribute-schema entry: the source attribute (an LDAP attribute, a SAML attribute, an OIDC
 * claim, or a SCIM schema URN) becomes Roster attributes under `prefix`. A URN that names an
 * extension object maps each of its keys (`urn:...:enterprise:2.0:User` with prefix `scimuser`
 * turns `Test` into `scimuser.Test`); a scalar source maps to `prefix.<key>`, where key defaults to
 * the source's last URN segment or its name. `delimiter` splits multi-valued strings.
 */
export const attributeMappingRuleSchema = z.object({
  source: z.string().trim().min(1, 'source must name an attribute, claim or schema URN'),
  prefix: z.string().regex(PREFIX, 'prefix must start with a letter and hold only letters, digits, "_" or "-"'),
  key: z.string().trim().min(1).optional(),
  delimiter: z.string().min(1).optional(),
});

/** One attribute-schema entry; see {@link attributeMappingRuleSchema}. */
export type AttributeMappingRule = z.infer<typeof attributeMappingRuleSchema>;

/** Applies the attribute schema to what an IdP sent. Attributes with no values are left out. */
export function mapAttributes(source: SourceAttributes, rules: readonly AttributeMappingRule[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const add = (name: string, values: string[]): void => {
    if (values.length === 0) return;
    result[name] = [...new Set([...(result[name] ?? []), ...values])];
  };
  for (const rule of rules) {
    const value = readSourceAttribute(source, rule.source);
    if (isPlainObject(value) && !('value' in value)) {
      for (const [key, nested] of Object.entries(value)) add(`${rule.prefix}.${key}`, toAttributeValues(nested, rule.delimiter));
    } else {
      add(`${rule.prefix}.${rule.key ?? defaultKey(rule.source)}`, toAttributeValues(value, rule.delimiter));
    }
  }
  return result;
}

/** Validates a Roster attribute name (`prefix.key`). */
export const attributeNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*\.\S+$/, 'attribute names are "prefix.key", e.g. "ldap.department"');

/** Attribute values as stored: trimmed, non-empty, unique. */
export function normalizeAttributeMap(attributes: AttributeMap): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(attributes)) {
    const clean = toAttributeValues(values);
    if (clean.length > 0) result[name] = clean;
  }
  return result;
}

function defaultKey(source: string): string {
  const colon = source.lastIndexOf(':');
  return colon >= 0 ? source.slice(colon + 1) : source;
}
