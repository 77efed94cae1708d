import type { AttributeMap, Iam, User } from '@roster/core';
import { URN } from '../schema/schema-urns.ts';
import { attributesToExtensions } from './user-extensions.ts';

/** What a User resource is built from. */
export interface UserView {
  readonly user: User;
  readonly attributes: AttributeMap;
  /** Group ids, when they were read (they are read-only on the User, RFC 7643 §4.1.2). */
  readonly groupIds: readonly string[] | null;
}

/** The ETag of a resource version (RFC 7644 §3.14). */
export const etagOf = (version: number): string => `W/"${version}"`;

/** A Roster user as a SCIM User resource (RFC 7643 §4.1), with `meta` and absolute `location`. */
export function userToScim(iam: Iam, view: UserView, baseUrl: string): Record<string, unknown> {
  const { user, attributes } = view;
  const profile = user.profile as Record<string, string | undefined>;
  const extensions = attributesToExtensions(iam, attributes);
  const enterprise = { ...(profile['department'] ? { department: profile['department'] } : {}), ...(profile['organization'] ? { organization: profile['organization'] } : {}), ...extensions[URN.enterprise] };
  if (Object.keys(enterprise).length > 0) extensions[URN.enterprise] = enterprise;
  const name = { ...(user.givenName ? { givenName: user.givenName } : {}), ...(user.familyName ? { familyName: user.familyName } : {}) };
  return {
    schemas: [URN.user, ...Object.keys(extensions)],
    id: user.id,
    ...(user.externalId ? { externalId: user.externalId } : {}),
    userName: user.userName,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(user.displayName ? { displayName: user.displayName } : {}),
    ...(profile['title'] ? { title: profile['title'] } : {}),
    active: user.active,
    ...(user.emails.length > 0 ? { emails: user.emails.map((e) => ({ value: e.value, ...(e.type ? { type: e.type } : {}), primary: e.primary })) } : {}),
    ...(profile['phoneNumber'] ? { phoneNumbers: [{ value: profile['phoneNumber'], type: 'work', primary: true }] } : {}),
    ...(profile['location'] ? { addresses: [{ locality: profile['location'], type: 'work', primary: true }] } : {}),
    ...(view.groupIds && view.groupIds.length > 0 ? { groups: view.groupIds.map((id) => ({ value: id, $ref: `${baseUrl}/Groups/${id}`, type: 'direct' })) } : {}),
    ...extensions,
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: etagOf(user.version),
    },
  };
}
