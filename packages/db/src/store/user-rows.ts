import type { AttributeMap, User } from '@roster/core';

// The rows of a new user as the raw, JSON-document inserts send them (insert-new-users.ts for
// SCIM creates, bulk-repository.ts for a directory page's emails and attributes; its users go in
// a shorter form of their own): one shape, key columns included.

/** A user as one "User" row. */
export function userRow(user: User) {
  return {
    id: user.id,
    iamId: user.iamId,
    userName: user.userName,
    userNameKey: user.userName.toLowerCase(),
    externalId: user.externalId,
    externalUsername: user.externalUsername,
    externalUsernameKey: user.externalUsername?.toLowerCase() ?? null,
    active: user.active,
    deprovisionedAt: user.deprovisionedAt,
    displayName: user.displayName,
    givenName: user.givenName,
    familyName: user.familyName,
    profile: user.profile,
    source: user.source,
    sourceAttributes: user.sourceAttributes,
    permissions: user.permissions,
    groupPermissions: user.groupPermissions,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** The users' emails as "UserEmail" rows, in each user's order. */
export function emailRows(users: readonly User[]) {
  return users.flatMap((user) =>
    user.emails.map((email, position) => ({
      userId: user.id,
      position,
      iamId: user.iamId,
      value: email.value,
      valueKey: email.value.toLowerCase(),
      type: email.type ?? null,
      primary: email.primary ?? false,
    })),
  );
}

/** Attribute maps by user id as "UserAttribute" rows. */
export function attributeRows(attributesByUser: Iterable<readonly [string, AttributeMap]>) {
  return [...attributesByUser].flatMap(([userId, map]) => Object.entries(map).map(([name, values]) => ({ userId, name, values })));
}
