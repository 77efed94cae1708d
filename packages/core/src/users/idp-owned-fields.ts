import type { Iam } from '../model.ts';
import { mappedProfileFields, type ProfileField } from '../rules/profile-mapping.ts';

const INPUT_FIELD: Readonly<Record<ProfileField, string>> = {
  displayName: 'displayName',
  givenName: 'givenName',
  familyName: 'familyName',
  email: 'emails',
  phoneNumber: 'profile.phoneNumber',
  title: 'profile.title',
  department: 'profile.department',
  organization: 'profile.organization',
  location: 'profile.location',
};

/**
 * The user fields an IAM's IdP owns, which administrators cannot edit in Roster: the user's
 * identity (userName, externalId) for every external IAM, every profile field the profile schema
 * maps, and for SCIM-provisioned IAMs the name and emails the IdP sends with each update.
 */
export function idpOwnedUserFields(iam: Iam): Set<string> {
  if (iam.type === 'BUILTIN') return new Set();
  const owned = new Set(['userName', 'externalId', ...mappedProfileFields(iam.settings.profileSchema).map((field) => INPUT_FIELD[field])]);
  if (iam.scim.enabled) for (const field of ['displayName', 'givenName', 'familyName', 'emails']) owned.add(field);
  return owned;
}
