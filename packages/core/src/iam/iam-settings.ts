import { z } from 'zod';
import { attributeMappingRuleSchema } from '../rules/attribute-mapping.ts';
import { parseGroupMatchingAttribute, parseUserMatchingAttribute } from '../rules/matching-attributes.ts';
import { permissionSchema } from '../rules/permissions.ts';
import { profileSchemaSchema } from '../rules/profile-mapping.ts';
import { isRosterError } from '../errors.ts';

const matching = <T>(parse: (name: string) => T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((name, ctx) => {
      try {
        return parse(name);
      } catch (error) {
        if (!isRosterError(error)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    });

/** Settings every IAM kind shares: permissions, schemas, matching, migration, external endpoint. */
export const iamSettingsSchema = z.object({
  /** Granted when a user is created in this IAM, and only then. */
  defaultPermissions: z.array(permissionSchema).default([]),
  /** Members of a group named `group` hold `permissions` while they are members. */
  groupPermissions: z.array(z.object({ group: z.string().trim().min(1), permissions: z.array(permissionSchema).min(1) })).default([]),
  profileSchema: profileSchemaSchema.default({}),
  attributeSchema: z.array(attributeMappingRuleSchema).default([]),
  syncGroups: z.boolean().default(false),
  syncAttributes: z.boolean().default(false),
  userMatchingAttribute: matching(parseUserMatchingAttribute, 'userName'),
  groupMatchingAttribute: matching(parseGroupMatchingAttribute, 'displayName'),
  /** An older IAM whose users this one takes over at login when user IDs match. */
  migrateUsersFrom: z.string().trim().min(1).nullable().default(null),
  /** Asked at login for the user's groups and attributes. */
  externalEndpoint: z
    .object({
      url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      timeoutMs: z.number().int().min(100).max(60_000).default(3_000),
    })
    .nullable()
    .default(null),
});

/** Shared IAM settings as stored; see {@link iamSettingsSchema}. */
export type IamSettings = z.output<typeof iamSettingsSchema>;
