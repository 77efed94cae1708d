import { effectivePermissions, type Permission } from '@roster/core';
import type { UserEmailView } from '@roster/db';
import { builder } from '../builder.ts';
import { UserAttributeObject } from './attribute.ts';
import { IamRef } from './iam.ts';
import { PermissionEnum } from './permission.ts';

// A plain object type: the list comes from the request's loader, already shaped.
const UserEmailObject = builder.objectRef<UserEmailView>('UserEmail').implement({
  fields: (t) => ({
    value: t.exposeString('value'),
    type: t.exposeString('type', { nullable: true }),
    primary: t.exposeBoolean('primary'),
  }),
});

const NameRef = builder.objectRef<{ givenName: string | null; familyName: string | null }>('UserName').implement({
  fields: (t) => ({ givenName: t.exposeString('givenName', { nullable: true }), familyName: t.exposeString('familyName', { nullable: true }) }),
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

/** A user of one IAM. */
export const UserNode = builder.prismaNode('User', {
  id: { field: 'id' },
  // Select mode: a query reads only the columns its fields need (a page of users stays narrow).
  select: { id: true },
  authScopes: { read: true },
  fields: (t) => ({
    iamId: t.exposeString('iamId'),
    iam: t.field({ type: IamRef, select: { iamId: true }, resolve: (user, _args, ctx) => ctx.loaders.iam.load(user.iamId) }),
    userName: t.exposeString('userName'),
    externalId: t.exposeString('externalId', { nullable: true }),
    externalUsername: t.exposeString('externalUsername', { nullable: true }),
    active: t.exposeBoolean('active'),
    deprovisioned: t.boolean({ description: 'Removed at the IdP; kept, deactivated, for audit.', select: { deprovisionedAt: true }, resolve: (user) => user.deprovisionedAt !== null }),
    source: t.exposeString('source'),
    displayName: t.exposeString('displayName', { nullable: true }),
    name: t.field({ type: NameRef, select: { givenName: true, familyName: true }, resolve: (user) => ({ givenName: user.givenName, familyName: user.familyName }) }),
    // Batched with the list's other users (and their groups) into one statement.
    emails: t.field({ type: [UserEmailObject], resolve: (user, _args, ctx) => ctx.loaders.userEmails(user.id) }),
    profile: t.field({ type: ProfileRef, select: { profile: true }, resolve: (user) => user.profile as Profile }),
    permissions: t.field({ type: [PermissionEnum], description: 'Granted directly.', select: { permissions: true }, resolve: (user) => user.permissions as Permission[] }),
    groupPermissions: t.field({ type: [PermissionEnum], description: 'Derived from group memberships.', select: { groupPermissions: true }, resolve: (user) => user.groupPermissions as Permission[] }),
    effectivePermissions: t.field({
      type: [PermissionEnum],
      select: { permissions: true, groupPermissions: true },
      resolve: (user) => effectivePermissions({ permissions: user.permissions as Permission[], groupPermissions: user.groupPermissions as Permission[] }),
    }),
    attributes: t.relation('attributes', { type: UserAttributeObject, query: { orderBy: { name: 'asc' } } }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
