import { BUILTIN_IAM_ID } from '@roster/core';
import { builder } from '../builder.ts';
import { GroupNode } from './group.ts';
import { AttributeInput, toAttributeMap } from './attribute.ts';
import { reloadGroup } from './reload-row.ts';

builder.mutationFields((t) => ({
  createGroup: t.field({
    type: GroupNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: {
      iamId: t.arg.string({ description: 'Defaults to the built-in IAM.' }),
      displayName: t.arg.string({ required: true }),
      externalId: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const group = await ctx.roster.createGroup(args.iamId ?? BUILTIN_IAM_ID, {
        displayName: args.displayName,
        externalId: args.externalId,
      });
      return reloadGroup(ctx, group.id);
    },
  }),
  updateGroup: t.field({
    type: GroupNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }), displayName: t.arg.string(), externalId: t.arg.string() },
    resolve: async (_root, { id, displayName, externalId }, ctx) => {
      await ctx.roster.updateGroup(id.id, { displayName: displayName ?? undefined, externalId });
      return reloadGroup(ctx, id.id);
    },
  }),
  deleteGroup: t.boolean({
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_root, { id }, ctx) => (await ctx.roster.deleteGroup(id.id), true),
  }),
  addGroupMembers: t.field({
    type: GroupNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }), userIds: t.arg.globalIDList({ required: true }) },
    resolve: async (_root, { id, userIds }, ctx) => {
      await ctx.roster.addMembers(
        id.id,
        userIds.map((userId) => userId.id),
      );
      return reloadGroup(ctx, id.id);
    },
  }),
  removeGroupMembers: t.field({
    type: GroupNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }), userIds: t.arg.globalIDList({ required: true }) },
    resolve: async (_root, { id, userIds }, ctx) => {
      await ctx.roster.removeMembers(
        id.id,
        userIds.map((userId) => userId.id),
      );
      return reloadGroup(ctx, id.id);
    },
  }),
  setGroupAttributes: t.field({
    type: GroupNode,
    authScopes: { permission: 'USER_ADMIN' },
    args: { id: t.arg.globalID({ required: true }), attributes: t.arg({ type: [AttributeInput], required: true }) },
    resolve: async (_root, { id, attributes }, ctx) => {
      await ctx.roster.setGroupAttributes(id.id, toAttributeMap(attributes));
      return reloadGroup(ctx, id.id);
    },
  }),
}));
