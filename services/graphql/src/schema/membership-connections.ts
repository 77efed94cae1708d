import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { builder } from '../builder.ts';
import { maxPageSize } from '../page-size.ts';
import { GroupNode } from './group.ts';
import { UserNode } from './user.ts';

// Memberships are a join table; these helpers page through it and hand out the group or the user,
// so `user.groups` and `group.members` load in the parent's query (no N+1).

/** The groups of a user, ordered by group id. */
export const userGroupsConnection = prismaConnectionHelpers(builder, 'Membership', {
  cursor: 'groupId_userId',
  maxSize: maxPageSize,
  select: (nodeSelection) => ({ group: nodeSelection({}) }),
  resolveNode: (membership) => membership.group,
});

/** The members of a group, ordered by user id. */
export const groupMembersConnection = prismaConnectionHelpers(builder, 'Membership', {
  cursor: 'groupId_userId',
  maxSize: maxPageSize,
  select: (nodeSelection) => ({ user: nodeSelection({}) }),
  resolveNode: (membership) => membership.user,
});

// The two sides of a membership, defined here so user.ts and group.ts need not import each other.
builder.prismaObjectFields(UserNode, (t) => ({
  groups: t.connection({
    type: GroupNode,
    select: (args, ctx, nestedSelection) => ({ memberships: userGroupsConnection.getQuery(args, ctx, nestedSelection) }),
    resolve: (user, args, ctx) => userGroupsConnection.resolve(user.memberships, args, ctx, user),
  }),
}));

builder.prismaObjectFields(GroupNode, (t) => ({
  members: t.connection({
    type: UserNode,
    select: (args, ctx, nestedSelection) => ({ memberships: groupMembersConnection.getQuery(args, ctx, nestedSelection) }),
    resolve: (group, args, ctx) => groupMembersConnection.resolve(group.memberships, args, ctx, group),
  }),
}));
