import type { NamedAttribute } from '@roster/core';
import { builder } from '../builder.ts';

/** A user attribute: `prefix.key` with one or more values (read by the request's loaders). */
export const UserAttributeObject = builder.objectRef<NamedAttribute>('UserAttribute').implement({
  fields: (t) => ({ name: t.exposeString('name'), values: t.exposeStringList('values') }),
});

/** A group attribute. */
export const GroupAttributeObject = builder.objectRef<NamedAttribute>('GroupAttribute').implement({
  fields: (t) => ({ name: t.exposeString('name'), values: t.exposeStringList('values') }),
});

/** Sets attributes by name; an empty value list removes the attribute. */
export const AttributeInput = builder.inputType('AttributeInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '`prefix.key`, e.g. "hr.department".' }),
    values: t.stringList({ required: true }),
  }),
});

/** The attribute inputs as core's attribute map. */
export function toAttributeMap(inputs: readonly { name: string; values: readonly string[] }[]): Record<string, string[]> {
  return Object.fromEntries(inputs.map((input) => [input.name, [...input.values]]));
}
