/** One attribute definition of a schema resource (RFC 7643 §7). */
export type AttributeDefinition = Record<string, unknown>;

/**
 * An attribute definition with RFC 7643 §7's characteristics spelled out: singular, optional,
 * not caseExact, readWrite, returned by default, no uniqueness, unless `options` says otherwise.
 */
export function attr(name: string, description: string, type = 'string', options: Partial<AttributeDefinition> = {}): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** A multi-valued complex attribute (RFC 7643 §2.4) with its sub-attributes. */
export function multi(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  options: Partial<AttributeDefinition> = {},
): AttributeDefinition {
  return attr(name, description, 'complex', { multiValued: true, subAttributes, ...options });
}

/**
 * The sub-attributes RFC 7643 §2.4 gives multi-valued attributes: value, display, type (with its
 * canonical values) and primary.
 */
export function typedValues(
  what: string,
  types: readonly string[],
  value: AttributeDefinition = attr('value', `The ${what}.`),
): AttributeDefinition[] {
  return [
    value,
    attr('display', `A human-readable name of the ${what}, for display only.`),
    attr('type', `The kind of ${what}.`, 'string', { canonicalValues: [...types] }),
    attr('primary', `Whether this is the user's primary ${what}; at most one is.`, 'boolean'),
  ];
}
