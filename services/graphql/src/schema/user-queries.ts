import { z } from 'zod';
import type { Prisma } from '@roster/db';
import { builder } from '../builder.ts';
import { maxPageSize } from '../page-size.ts';
import { UserNode } from './user.ts';

const AttributeFilter = builder.inputType('AttributeFilter', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ description: 'Absent: users that have the attribute at all.' }) }),
});

const UserFilter = builder.inputType('UserFilter', {
  fields: (t) => ({
    active: t.boolean(),
    search: t.string({ description: 'Case-insensitive text in userName, names or emails.', validate: z.string().max(200) }),
    groupId: t.globalID(),
    attribute: t.field({ type: AttributeFilter }),
  }),
});

const UserOrderField = builder.enumType('UserOrderField', { values: ['USER_NAME', 'DISPLAY_NAME', 'CREATED_AT', 'UPDATED_AT'] as const });
const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
const UserOrder = builder.inputType('UserOrder', {
  fields: (t) => ({ field: t.field({ type: UserOrderField, required: true }), direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }) }),
});

const ORDER_COLUMNS = { USER_NAME: 'userNameKey', DISPLAY_NAME: 'displayName', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' } as const;

type Filter = { active?: boolean | null; search?: string | null; groupId?: { id: string } | null; attribute?: { name: string; value?: string | null } | null };

/** The filter as a Prisma where: every condition runs in the database. */
function userWhere(iamId: string | null | undefined, filter: Filter | null | undefined): Prisma.UserWhereInput {
  const search = filter?.search?.trim();
  const text = search ? { contains: search, mode: 'insensitive' as const } : undefined;
  return {
    ...(iamId ? { iamId } : {}),
    ...(filter?.active === undefined || filter.active === null ? {} : { active: filter.active }),
    ...(text
      ? { OR: [{ userName: text }, { displayName: text }, { givenName: text }, { familyName: text }, { emails: { some: { value: text } } }] }
      : {}),
    ...(filter?.groupId ? { memberships: { some: { groupId: filter.groupId.id } } } : {}),
    ...(filter?.attribute
      ? { attributes: { some: { name: filter.attribute.name, ...(filter.attribute.value ? { values: { has: filter.attribute.value } } : {}) } } }
      : {}),
  };
}

builder.queryFields((t) => ({
  users: t.prismaConnection(
    {
      type: UserNode,
      cursor: 'id',
      defaultSize: 20,
      maxSize: maxPageSize,
      authScopes: { read: true },
      args: {
        iamId: t.arg.string({ description: 'Only users of this IAM; all IAMs when absent.' }),
        filter: t.arg({ type: UserFilter }),
        orderBy: t.arg({ type: UserOrder }),
      },
      totalCount: (_parent, args, ctx) => ctx.prisma.user.count({ where: userWhere(args.iamId, args.filter) }),
      resolve: (query, _root, args, ctx) => {
        const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
        const column = ORDER_COLUMNS[args.orderBy?.field ?? 'USER_NAME'];
        return ctx.prisma.user.findMany({ ...query, where: userWhere(args.iamId, args.filter), orderBy: [{ [column]: direction }, { id: direction }] });
      },
    },
    {},
  ),
}));
