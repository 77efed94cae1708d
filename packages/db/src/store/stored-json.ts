import {
  RosterError,
  iamSettingsSchema,
  type LdapConfig,
  type OidcConfig,
  type SamlConfig,
  type IamType,
  type SyncCounts,
  type User,
} from '@roster/core';
import { z } from 'zod';

// JSON columns are parsed here, at the adapter, rather than cast: a row that does not have the
// shape core expects is a coded STORAGE_CORRUPT naming the row, not a TypeError deep in a resolver.
// The hot ones (event data, a user's profile and source attributes, read by the page) get a
// predicate that looks at the top level only; the rest get their full schema.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Any JSON object (event data, source attributes): a top-level check, cheap on hot paths. */
export const jsonObject = z.custom<Readonly<Record<string, unknown>>>(isPlainObject, 'must be a JSON object');

/** A user's profile: an object of strings. */
export const profileJson = z.custom<User['profile']>(
  (value) => isPlainObject(value) && Object.values(value).every((field) => typeof field === 'string'),
  'must be a JSON object of strings',
);

const count = z.number().int().nonnegative();

/** A sync run's counters. */
export const syncCountsJson: z.ZodType<SyncCounts> = z.object({
  usersCreated: count,
  usersUpdated: count,
  usersDeactivated: count,
  usersReactivated: count,
  usersUnchanged: count,
  groupsCreated: count,
  groupsUpdated: count,
  groupsDeleted: count,
  groupsUnchanged: count,
  highestUsnChanged: z.string().regex(/^\d+$/).optional(),
});

/**
 * An IAM's settings, re-read with the schema core validated them with on write (its output parses
 * to itself; defaults added since fill what older rows lack).
 */
export const iamSettingsJson = iamSettingsSchema;

/**
 * An IAM's kind configuration: a top-level check only. Core validated it on write with its input
 * schemas, but what is stored is not input: write-only secrets (bind password, client secret,
 * private keys) are kept sealed, which those schemas rightly refuse (a sealed key is no PEM block).
 */
export const iamConfigJson = {
  BUILTIN: z.object({}),
  LDAP: z.custom<LdapConfig>(isPlainObject, 'must be a JSON object'),
  SAML: z.custom<SamlConfig>(isPlainObject, 'must be a JSON object'),
  OIDC: z.custom<OidcConfig>(isPlainObject, 'must be a JSON object'),
} as const satisfies Record<IamType, z.ZodType>;

/** `value` parsed by `schema`, or STORAGE_CORRUPT naming `where` (a row and column, never its content). */
export function parseStoredJson<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new RosterError('STORAGE_CORRUPT', `Stored ${where} does not have the shape Roster expects.`, {
    details: { where, issues },
  });
}
