import { z } from 'zod';
import { permissionSchema } from '../rules/permissions.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const emailSchema = z.object({
  value: z
    .string()
    .trim()
    .min(3)
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
  type: text(64).nullish(),
  primary: z.boolean().optional(),
});

/** Profile fields stored in the user's profile (the rest have columns). */
export const EXTRA_PROFILE_FIELDS = ['phoneNumber', 'title', 'department', 'organization', 'location'] as const;

const fields = {
  externalId: text(512).nullish(),
  externalUsername: text(256).nullish(),
  active: z.boolean().optional(),
  displayName: text(512).nullish(),
  givenName: text(256).nullish(),
  familyName: text(256).nullish(),
  emails: z
    .array(emailSchema)
    .max(32)
    .refine((emails) => emails.filter((email) => email.primary).length <= 1, 'at most one email can be primary')
    .optional(),
  profile: z.partialRecord(z.enum(EXTRA_PROFILE_FIELDS), z.string().trim().max(1024).nullable()).optional(),
  permissions: z.array(permissionSchema).optional(),
};

/** Input of createUser. */
export const createUserSchema = z.object({ userName: text(256), ...fields });

/** Input of updateUser: every field optional; `null` clears a nullable field. */
export const updateUserSchema = z.object({ userName: text(256).optional(), ...fields });

/** Validated createUser input. */
export type CreateUserInput = z.input<typeof createUserSchema>;
/** createUser input after validation (trimmed, defaults applied). */
export type ParsedCreateUserInput = z.output<typeof createUserSchema>;
/** Validated updateUser input. */
export type UpdateUserInput = z.input<typeof updateUserSchema>;
