// The names an IAM's settings are written in, with no import of their own, so that a frontend
// (the console, through `@roster/core/iam-vocabulary`) offers exactly what core accepts.

/**
 * Profile fields of a user. `displayName`, `givenName`, `familyName` and `email` live in their own
 * columns; the rest in the user's profile. Profile fields are information, not entitlements.
 */
export const PROFILE_FIELDS = [
  'displayName',
  'givenName',
  'familyName',
  'email',
  'phoneNumber',
  'title',
  'department',
  'organization',
  'location',
] as const;

/** One of {@link PROFILE_FIELDS}. */
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** How an incoming user is matched to a Roster user: `workEmail` is `emails[type eq "work"].value`. */
export const USER_MATCHING_ATTRIBUTES = ['userName', 'email', 'workEmail', 'displayName', 'id'] as const;
export type UserMatchingAttribute = (typeof USER_MATCHING_ATTRIBUTES)[number];

/** How an incoming group is matched to a Roster group. */
export const GROUP_MATCHING_ATTRIBUTES = ['displayName', 'id'] as const;
export type GroupMatchingAttribute = (typeof GROUP_MATCHING_ATTRIBUTES)[number];
