import { z } from 'zod';
import type { Prisma } from '@roster/db';
import { builder } from '../builder.ts';
import { maxPageSize } from '../page-size.ts';
import { GroupNode } from './group.ts';

const GroupFilter = builder.inputType('GroupFilter', {
  fields: (t) => ({
    search: t.string({ description: 'Case-insensitive text in displayName.', validate: z.string().max(200) }),
    memberId: t.globalID(),
  }),
});

function groupWhere(
  iamId: string | null | undefined,
  filter: { search?: string | null; memberId?: { id: string } | null } | null | undefined,
): Prisma.GroupWhereInput {
  const search = filter?.search?.trim();
  return {
    ...(iamId ? { iamId } : {}),
    ...(search ? { displayName: { contains: search, mode: 'insensitive' } } : {}),
    ...(filter?.memberId ? { memberships: { some: { userId: filter.memberId.id } } } : {}),
  };
}

builder.queryFields((t) => ({
  groups: t.prismaConnection(
    {
      type: GroupNode,
      cursor: 'id',
      defaultSize: 20,
      maxSize: maxPageSize,
      authScopes: { read: true },
      args: { iamId: t.arg.string(), filter: t.arg({ type: GroupFilter }) },
      totalCount: (_parent, args, ctx) => ctx.prisma.group.count({ where: groupWhere(args.iamId, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.group.findMany({
          ...query,
          where: groupWhere(args.iamId, args.filter),
          orderBy: [{ displayNameKey: 'asc' }, { id: 'asc' }],
        }),
    },
    {},
  ),
}));
