import { effectivePermissions, idpOwnedUserFields } from '@roster/core';
import type { Email, ListedUser } from '@roster/core';
import { builder } from '../builder.ts';
import { UserAttributeObject } from './attribute.ts';
import { IamRef } from './iam.ts';
import { PermissionEnum } from './permission.ts';

// A plain object type: the list comes from the request's loader, already shaped.
const UserEmailObject = builder.objectRef<Email>('UserEmail').implement({
  fields: (t) => ({
    value: t.exposeString('value'),
    type: t.exposeString('type', { nullable: true }),
    primary: t.exposeBoolean('primary'),
  }),
});

const NameRef = builder.objectRef<{ givenName: string | null; familyName: string | null }>('UserName').implement({
  fields: (t) => ({
    givenName: t.exposeString('givenName', { nullable: true }),
    familyName: t.exposeString('familyName', { nullable: true }),
  }),
});

type Profile = Partial<Record<'phoneNumber' | 'title' | 'department' | 'organization' | 'location', string>>;
const ProfileRef = builder.objectRef<Profile>('UserProfile').implement({
  fields: (t) => ({
    phoneNumber: t.exposeString('phoneNumber', { nullable: true }),
    title: t.exposeString('title', { nullable: true }),
    department: t.exposeString('department', { nullable: true }),
    organization: t.exposeString('organization', { nullable: true }),
    location: t.exposeString('location', { nullable: true }),
  }),
});

/**
 * A user of one IAM. Not a Prisma object: every list of users (a page of `users`, a group's
 * members) is read in one statement with all the columns a User shows, and its emails, groups and
 * attributes through the request's loaders, so fields cost no query planning or per-row lookups.
 */
export const UserNode = builder.node(builder.objectRef<ListedUser>('User'), {
  id: { resolve: (user) => user.id },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.user.load(id)),
  // No type-level auth scope: scope-auth would wrap every field of every user on a page (and
  // graphql-jit could no longer read exposed fields directly). Every field that returns users
  // requires `read` instead; schema-auth.test.ts fails for one that does not.
  fields: (t) => ({
    iamId: t.exposeString('iamId'),
    iam: t.field({ type: IamRef, resolve: (user, _args, ctx) => ctx.loaders.iam.load(user.iamId) }),
    userName: t.exposeString('userName'),
    externalId: t.exposeString('externalId', { nullable: true }),
    externalUsername: t.exposeString('externalUsername', { nullable: true }),
    active: t.exposeBoolean('active'),
    deprovisioned: t.boolean({
      description: 'Removed at the IdP; kept, deactivated, for audit.',
      resolve: (user) => user.deprovisionedAt !== null,
    }),
    source: t.exposeString('source'),
    displayName: t.exposeString('displayName', { nullable: true }),
    name: t.field({ type: NameRef, resolve: (user) => user }),
    // Read with the page of users when the query asked for them, else batched with the list's other users.
    emails: t.field({ type: [UserEmailObject], resolve: (user, _args, ctx) => user.emails ?? ctx.loaders.userEmails(user.id) }),
    profile: t.field({ type: ProfileRef, resolve: (user) => user.profile as Profile }),
    permissions: t.field({ type: [PermissionEnum], description: 'Granted directly.', resolve: (user) => user.permissions }),
    groupPermissions: t.field({
      type: [PermissionEnum],
      description: 'Derived from group memberships.',
      resolve: (user) => user.groupPermissions,
    }),
    effectivePermissions: t.field({ type: [PermissionEnum], resolve: (user) => effectivePermissions(user) }),
    attributes: t.field({ type: [UserAttributeObject], resolve: (user, _args, ctx) => ctx.loaders.userAttributes(user.id) }),
    sourceAttributes: t.field({
      type: 'JSON',
      // It holds everything the IdP sends (addresses, phone numbers, managers): for user administrators only.
      authScopes: { permission: 'USER_ADMIN' },
      description:
        'What the IdP last sent for the user, as sent, secrets removed: the SCIM resource (without password, id, meta, groups), ' +
        "the LDAP entry's attributes, or the SAML assertion's attributes / OIDC claims. Profile fields and mapped attributes are derived from it. " +
        'Needs USER_ADMIN.',
      resolve: (user, _args, ctx) => ctx.loaders.userSourceAttributes.load(user.id),
    }),
    idpOwnedFields: t.stringList({
      description:
        "The UpdateUserInput fields the user's IdP owns, which updateUser refuses with FORBIDDEN_CHANGE " +
        '(userName, externalId, displayName, givenName, familyName, emails, profile.<field>); empty for built-in users.',
      resolve: async (user, _args, ctx) => [...idpOwnedUserFields(await ctx.loaders.iam.load(user.iamId))].sort(),
    }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
