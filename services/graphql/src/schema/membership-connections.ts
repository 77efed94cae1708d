import { createContextCache } from '@pothos/core';
import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { GraphQLError } from 'graphql';
import type { GraphqlContext } from '../context.ts';
import { builder } from '../builder.ts';
import { maxPageSize } from '../page-size.ts';
import { GroupNode } from './group.ts';
import { UserNode } from './user.ts';

// Memberships are a join table; these helpers page through it and hand out the group or the user
// (no N+1): `group.members` loads in the parent's query, `user.groups` through the request's
// loader, which reads the pages of a whole list of users (and their emails) in one statement.

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type ConnectionArgs = Parameters<typeof userGroupsConnection.getQuery>[0];
const userGroupsPages = createContextCache(() => new Map<string, { take: number; cursor: { groupId: string; userId: string } | undefined }>());

/**
 * Pothos turns the Relay arguments into Prisma's take and cursor (validating them as for any
 * connection); the loader pages the same way, and Pothos builds the connection from the rows.
 * Worked out once per distinct arguments in a request, not once per user of a list.
 */
function userGroupsPage(args: ConnectionArgs, ctx: GraphqlContext) {
  const pages = userGroupsPages(ctx);
  const key = JSON.stringify(args);
  let page = pages.get(key);
  if (!page) {
    const { take, cursor } = userGroupsConnection.getQuery(args, ctx, () => true);
    const from = cursor?.groupId_userId;
    // A forged cursor must fail this field only, not the statement shared with the rest of the list.
    if (from && !(UUID.test(from.groupId) && UUID.test(from.userId))) {
      throw new GraphQLError('Invalid cursor.', { extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ path: args.after ? 'after' : 'before', message: 'not a cursor of this connection' }] } });
    }
    page = { take: take ?? 0, cursor: from };
    pages.set(key, page);
  }
  return page;
}

// The two sides of a membership, defined here so user.ts and group.ts need not import each other.
builder.prismaObjectFields(UserNode, (t) => ({
  groups: t.connection({
    type: GroupNode,
    resolve: async (user, args, ctx) => {
      const page = await ctx.loaders.userGroups({ userId: user.id, ...userGroupsPage(args, ctx) });
      return userGroupsConnection.resolve(page, args, ctx, user);
    },
  }),
}));

builder.prismaObjectFields(GroupNode, (t) => ({
  members: t.connection({
    type: UserNode,
    select: (args, ctx, nestedSelection) => ({ memberships: groupMembersConnection.getQuery(args, ctx, nestedSelection) }),
    resolve: (group, args, ctx) => groupMembersConnection.resolve(group.memberships, args, ctx, group),
  }),
}));
