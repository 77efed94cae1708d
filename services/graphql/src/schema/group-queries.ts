import { z } from 'zod';
import type { GroupListFilter } from '@roster/core';
import { builder } from '../builder.ts';
import { connectionPage, notACursor, rowsConnection, type ConnectionArgs } from '../connection.ts';
import { isUuid } from '../is-uuid.ts';
import { GroupNode } from './group.ts';

const GroupFilter = builder.inputType('GroupFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in displayName.', validate: z.string().max(200) }),
    memberId: t.globalID(),
  }),
});

// A groups cursor names the group it follows, in the form Pothos' Prisma connections handed out
// (`GPC:S:<id>`, base64), so a client's cursor from before still pages on.
const CURSOR_PREFIX = 'GPC:S:';

function encodeGroupCursor(id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64');
}

function parseGroupCursor(cursor: string, args: ConnectionArgs): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const id = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  if (!isUuid(id)) throw notACursor(args);
  return id;
}

builder.queryFields((t) => ({
  groups: t.connection(
    {
      type: GroupNode,
      authScopes: { read: true },
      args: { iamId: t.arg.string(), filter: t.arg({ type: GroupFilter }) },
      resolve: async (_root, args, ctx) => {
        const page = connectionPage(args);
        const filter: GroupListFilter = { iamId: args.iamId, search: args.filter?.search, memberId: args.filter?.memberId?.id };
        const cursor = page.cursor === undefined ? undefined : parseGroupCursor(page.cursor, args);
        const rows = await ctx.roster.readModel.listGroups({ ...filter, take: page.take, cursor });
        const connection = rowsConnection(rows, args, page, (group) => encodeGroupCursor(group.id));
        return { ...connection, totalCount: () => ctx.roster.readModel.countGroups(filter) };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (connection) => connection.totalCount() }) }) },
  ),
}));
