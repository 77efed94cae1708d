import { BUILTIN_IAM_ID, RosterError, type UserSummary } from '@roster/core';
import { builder } from '../builder.ts';
import type { GraphqlContext } from '../context.ts';
import { AttributeInput, toAttributeMap } from './attribute.ts';
import { PermissionEnum } from './permission.ts';
import { UserNode } from './user.ts';

const EmailInput = builder.inputType('EmailInput', {
  fields: (t) => ({ value: t.string({ required: true }), type: t.string(), primary: t.boolean() }),
});
const ProfileInput = builder.inputType('ProfileInput', {
  fields: (t) => ({ phoneNumber: t.string(), title: t.string(), department: t.string(), organization: t.string(), location: t.string() }),
});
const userFields = (t: PothosSchemaTypes.InputFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<never>, 'InputObject'>) => ({
  externalId: t.string(),
  externalUsername: t.string(),
  displayName: t.string(),
  givenName: t.string(),
  familyName: t.string(),
  emails: t.field({ type: [EmailInput] }),
  profile: t.field({ type: ProfileInput }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    iamId: t.string({ description: 'Defaults to the built-in IAM.' }),
    userName: t.string({ required: true }),
    permissions: t.field({ type: [PermissionEnum] }),
    ...userFields(t as never),
  }),
});
const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({ userName: t.string(), ...userFields(t as never) }),
});

/** A user as stored once a mutation has committed (what the client reads back). */
async function reread(ctx: GraphqlContext, id: string): Promise<UserSummary> {
  const user = await ctx.loaders.user.load(id);
  if (!user) throw new RosterError('USER_NOT_FOUND', `No user with id "${id}".`);
  return user;
}

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { iamId, ...fields } = input;
      const user = await ctx.roster.createUser(iamId ?? BUILTIN_IAM_ID, fields as never, 'ADMIN');
      return reread(ctx, user.id);
    },
  }),
  updateUser: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    description: "Fields the user's IdP owns are refused with FORBIDDEN_CHANGE.",
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (_root, { id, input }, ctx) => {
      await ctx.roster.updateUser(id.id, input as never, { actor: 'ADMIN' });
      return reread(ctx, id.id);
    },
  }),
  deactivateUser: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.roster.deactivateUser(id.id);
      return reread(ctx, id.id);
    },
  }),
  reactivateUser: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await ctx.roster.reactivateUser(id.id);
      return reread(ctx, id.id);
    },
  }),
  removeUser: t.boolean({
    authScopes: { permission: 'USER_ADMIN' },
    description: 'Built-in users are deleted; users of external IAMs are deactivated and marked deprovisioned.',
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ctx.roster.removeUser(id.id), true),
  }),
  setUserPermissions: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    description: 'Replaces the permissions granted directly; group-derived ones are unaffected.',
    args: { id: t.arg.globalID({ required: true }), permissions: t.arg({ type: [PermissionEnum], required: true }) },
    resolve: async (_root, { id, permissions }, ctx) => {
      await ctx.roster.updateUser(id.id, { permissions }, { actor: 'ADMIN' });
      return reread(ctx, id.id);
    },
  }),
  migrateUsers: t.field({
    type: [UserNode],
    authScopes: { permission: 'USER_ADMIN' },
    description:
      'Moves users to another IAM with their permissions, attributes and memberships; the old accounts are deactivated. All or nothing.',
    args: {
      fromIamId: t.arg.string({ required: true }),
      toIamId: t.arg.string({ required: true }),
      userIds: t.arg.globalIDList({ required: true }),
    },
    resolve: async (_root, { fromIamId, toIamId, userIds }, ctx) => {
      const migrated = await ctx.roster.migrateUsers(
        fromIamId,
        userIds.map(({ id }) => id),
        toIamId,
      );
      return Promise.all(migrated.map((user) => reread(ctx, user.id)));
    },
  }),
  setUserAttributes: t.field({
    type: UserNode,
    authScopes: { permission: 'USER_ADMIN' },
    description: 'Sets the named attributes; an empty value list removes one. Other attributes are kept.',
    args: { id: t.arg.globalID({ required: true }), attributes: t.arg({ type: [AttributeInput], required: true }) },
    resolve: async (_root, { id, attributes }, ctx) => {
      await ctx.roster.setUserAttributes(id.id, toAttributeMap(attributes));
      return reread(ctx, id.id);
    },
  }),
}));
