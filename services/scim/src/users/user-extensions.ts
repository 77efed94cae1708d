import type { AttributeMap, Iam } from '@roster/core';

/**
 * The extension schema URNs the IAM's attribute schema maps as whole objects, lower-cased, to
 * their attribute prefix (`urn:...:enterprise:2.0:User` -> `scimuser`).
 */
export function extensionPrefixes(iam: Iam): Map<string, string> {
  const map = new Map<string, string>();
  for (const rule of iam.settings.attributeSchema) {
    if (rule.key === undefined && rule.source.toLowerCase().startsWith('urn:')) map.set(rule.source.toLowerCase(), rule.prefix);
  }
  return map;
}

/** The extension URNs (in their configured spelling) the IAM's attribute schema names. */
export function extensionUrns(iam: Iam): string[] {
  return [
    ...new Set(
      iam.settings.attributeSchema
        .filter((rule) => rule.source.toLowerCase().startsWith('urn:'))
        .map((rule) => urnOf(rule.source, rule.key)),
    ),
  ];
}

function urnOf(source: string, key: string | undefined): string {
  // A rule with a key names one attribute inside the extension: `urn:...:User:department`.
  return key === undefined ? source : source.slice(0, source.lastIndexOf(':'));
}

/** Rebuilds extension objects from stored attributes: `scimuser.department` -> `{ department }`. */
export function attributesToExtensions(iam: Iam, attributes: AttributeMap): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const rule of iam.settings.attributeSchema) {
    if (rule.key !== undefined || !rule.source.toLowerCase().startsWith('urn:')) continue;
    const extension: Record<string, unknown> = {};
    for (const [name, values] of Object.entries(attributes)) {
      if (!name.startsWith(`${rule.prefix}.`) || values.length === 0) continue;
      const key = name.slice(rule.prefix.length + 1);
      // RFC 7643 §4.3: manager is complex, its `value` the manager's id.
      extension[key] = key === 'manager' ? { value: values[0] } : values.length === 1 ? values[0] : [...values];
    }
    if (Object.keys(extension).length > 0) result[rule.source] = extension;
  }
  return result;
}
