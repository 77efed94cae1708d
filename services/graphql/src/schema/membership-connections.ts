import type { Group } from '@roster/core';
import { builder } from '../builder.ts';
import { encodeCursor, idPage, rowsConnection } from '../connection.ts';
import { GroupNode } from './group.ts';
import { UserNode } from './user.ts';

// The two sides of a membership, defined here so user.ts and group.ts need not import each other.
// Both page through the request's loaders: the pages a whole list asks for (the groups of a page
// of users, the members of a page of groups) are read in one statement, keyset-paged by the other
// side's id.

const groupCursor = (group: Group) => encodeCursor('groups', [group.id]);

builder.objectFields(UserNode, (t) => ({
  groups: t.connection({
    type: GroupNode,
    description: "The user's groups, ordered by group id.",
    resolve: async (user, args, ctx) => {
      const page = idPage('groups', args);
      // Read with the page of users when the query asked for this page (user-page-includes.ts).
      const groups = user.includedGroupPage?.(page) ?? (await ctx.loaders.userGroups({ userId: user.id, ...page }));
      return rowsConnection(groups, args, page, groupCursor);
    },
  }),
}));

builder.objectFields(GroupNode, (t) => ({
  members: t.connection({
    type: UserNode,
    description: "The group's members, ordered by user id.",
    // Reaching a group does not mean reading its members: a user sees their own groups (viewer.user).
    authScopes: { read: true },
    resolve: async (group, args, ctx) => {
      const page = idPage('members', args);
      const members = await ctx.loaders.groupMembers({ groupId: group.id, ...page });
      return rowsConnection(members, args, page, (user) => encodeCursor('members', [user.id]));
    },
  }),
}));
