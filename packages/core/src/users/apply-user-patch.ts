import type { Email, User, UserSource } from '../model.ts';
import type { Permission } from '../rules/permissions.ts';
import type { SourceAttributes } from '../rules/source-attributes.ts';

/** The user fields a change can touch: what diffs and events compare. */
export const USER_FIELDS = [
  'userName',
  'externalId',
  'externalUsername',
  'active',
  'deprovisionedAt',
  'displayName',
  'givenName',
  'familyName',
  'emails',
  'profile',
  'permissions',
  'groupPermissions',
  'source',
  'sourceAttributes',
] as const satisfies readonly (keyof User)[];

/** A validated user patch: undefined keeps a field, null clears it. */
export interface UserPatch {
  readonly userName?: string | undefined;
  readonly externalId?: string | null | undefined;
  readonly externalUsername?: string | null | undefined;
  readonly active?: boolean | undefined;
  readonly displayName?: string | null | undefined;
  readonly givenName?: string | null | undefined;
  readonly familyName?: string | null | undefined;
  readonly emails?:
    readonly { readonly value: string; readonly type?: string | null | undefined; readonly primary?: boolean | undefined }[] | undefined;
  readonly profile?: Readonly<Record<string, string | null | undefined>> | undefined;
  readonly permissions?: readonly Permission[] | undefined;
  /** Only the IdP's own channels set these (never an administrator's input). */
  readonly source?: UserSource | undefined;
  readonly sourceAttributes?: SourceAttributes | undefined;
}

/** The user with the patch applied; pure, nothing is stored. */
export function applyUserPatch(user: User, patch: UserPatch): User {
  const pick = <K extends keyof UserPatch & keyof User>(key: K): User[K] => (patch[key] === undefined ? user[key] : patch[key]) as User[K];
  const reactivated = patch.active === true && !user.active;
  return {
    ...user,
    userName: pick('userName'),
    externalId: pick('externalId'),
    externalUsername: pick('externalUsername'),
    active: pick('active'),
    deprovisionedAt: reactivated ? null : user.deprovisionedAt,
    displayName: pick('displayName'),
    givenName: pick('givenName'),
    familyName: pick('familyName'),
    emails: patch.emails === undefined ? user.emails : patch.emails.map(toEmail),
    profile: patch.profile === undefined ? user.profile : mergeProfile(user.profile, patch.profile),
    permissions: pick('permissions'),
    source: pick('source'),
    sourceAttributes: pick('sourceAttributes'),
  };
}

function toEmail(email: NonNullable<UserPatch['emails']>[number]): Email {
  return { value: email.value, type: email.type ?? null, primary: email.primary ?? false };
}

function mergeProfile(profile: User['profile'], patch: NonNullable<UserPatch['profile']>): User['profile'] {
  const merged: Record<string, string> = { ...profile };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null || value === '') delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  return merged;
}
