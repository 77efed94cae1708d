import { z } from 'zod';
import { PROFILE_FIELDS, type ProfileField } from './iam-vocabulary.ts';
import { firstAttributeValue, readSourceAttribute, type SourceAttributes } from './source-attributes.ts';

export { PROFILE_FIELDS, type ProfileField };

/** Profile schema: profile field -> the source attribute it is read from. */
export const profileSchemaSchema = z.partialRecord(z.enum(PROFILE_FIELDS), z.string().trim().min(1));

/** Profile schema; see {@link profileSchemaSchema}. */
export type ProfileSchema = z.infer<typeof profileSchemaSchema>;

/** Values of profile fields. */
export type ProfileValues = Partial<Record<ProfileField, string>>;

/**
 * Reads the mapped profile fields from what an IdP sent. A mapped field whose source attribute is
 * absent is returned as `undefined`-free: it is simply left out, so an IdP that omits an
 * attribute does not blank the field.
 */
export function mapProfile(source: SourceAttributes, schema: ProfileSchema): ProfileValues {
  const values: ProfileValues = {};
  for (const field of PROFILE_FIELDS) {
    const attribute = schema[field];
    if (attribute === undefined) continue;
    const value = firstAttributeValue(readSourceAttribute(source, attribute));
    if (value !== undefined) values[field] = value;
  }
  return values;
}

/** The profile fields an administrator may not edit because the IdP owns them. */
export function mappedProfileFields(schema: ProfileSchema): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => schema[field] !== undefined);
}
