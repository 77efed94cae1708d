import type { UserMatchingAttribute } from '../../rules/matching-attributes.ts';

/** What an incoming user carries that matching can look at. */
export interface MatchableUser {
  readonly userName: string;
  readonly displayName?: string | null | undefined;
  readonly emails?:
    readonly { readonly value: string; readonly type?: string | null | undefined; readonly primary?: boolean | undefined }[] | undefined;
}

/**
 * The value of an incoming user to look up on the IAM's matching attribute: the primary (else
 * first) email, the work email, the display name, or the userName; null when the user carries
 * none, and for `id` (an IdP never sends Roster's id on create).
 */
export function matchValueOf(attribute: UserMatchingAttribute, user: MatchableUser): string | null {
  switch (attribute) {
    case 'email':
      return user.emails?.find((e) => e.primary)?.value ?? user.emails?.[0]?.value ?? null;
    case 'workEmail':
      return user.emails?.find((e) => e.type?.toLowerCase() === 'work')?.value ?? null;
    case 'displayName':
      return user.displayName ?? null;
    case 'userName':
      return user.userName;
    case 'id':
      return null;
  }
}
