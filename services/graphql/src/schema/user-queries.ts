import { z } from 'zod';
import type { UserListFilter, UserListOrder, UserListPosition, UserSummary } from '@roster/core';
import { builder } from '../builder.ts';
import { connectionPage, decodeCursor, encodeCursor, notACursor, rowsConnection, type ConnectionArgs } from '../connection.ts';
import { isUuid } from '../is-uuid.ts';
import { UserNode } from './user.ts';
import { userPageIncludes } from './user-page-includes.ts';

const AttributeFilter = builder.inputType('AttributeFilter', {
  fields: (t) => ({
    name: t.string({ required: true }),
    value: t.string({ description: 'Absent: users that have the attribute at all.' }),
  }),
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
  fields: (t) => ({
    field: t.field({ type: UserOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: 'ASC' }),
  }),
});

const ORDERS = {
  USER_NAME: 'userName',
  DISPLAY_NAME: 'displayName',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
} as const satisfies Record<string, UserListOrder>;

/** A user's position in an order, for its cursor. */
function userListPosition(user: UserSummary, order: UserListOrder): UserListPosition {
  const value = order === 'userName' ? user.userNameKey : order === 'displayName' ? user.displayName : user[order].toISOString();
  return { value, id: user.id };
}

/**
 * A users cursor: the order it was taken in, the row's value in that order, and its id. The
 * position travels in the cursor, so paging goes on after that user is gone. A cursor of another
 * order, or a forged one, is VALIDATION_FAILED.
 */
function parseUserCursor(cursor: string, order: UserListOrder, args: ConnectionArgs): UserListPosition {
  const [taken, value = null, id] = decodeCursor('users', cursor, 3, args);
  if (taken !== order || !id || !isUuid(id)) throw notACursor(args);
  if (order === 'displayName') return { value, id };
  if (value === null) throw notACursor(args);
  if (order === 'userName') return { value, id };
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw notACursor(args);
  return { value: at.toISOString(), id };
}

builder.queryFields((t) => ({
  users: t.connection(
    {
      type: UserNode,
      description: 'Users, filtered, sorted and paged (keyset) in the database.',
      authScopes: { read: true },
      args: {
        iamId: t.arg.string({ description: 'Only users of this IAM; all IAMs when absent.' }),
        filter: t.arg({ type: UserFilter }),
        orderBy: t.arg({ type: UserOrder }),
      },
      resolve: async (_root, args, ctx, info) => {
        const page = connectionPage(args);
        const order = ORDERS[args.orderBy?.field ?? 'USER_NAME'];
        const { filter } = args;
        const where: UserListFilter = {
          iamId: args.iamId,
          active: filter?.active,
          search: filter?.search,
          groupId: filter?.groupId?.id,
          attribute: filter?.attribute ? { name: filter.attribute.name, value: filter.attribute.value } : null,
        };
        const rows = await ctx.roster.readModel.listUsers(
          {
            ...where,
            order,
            descending: args.orderBy?.direction === 'DESC',
            take: page.take,
            cursor: page.cursor === undefined ? undefined : parseUserCursor(page.cursor, order, args),
          },
          userPageIncludes(info),
        );
        const connection = rowsConnection(rows, args, page, (user) => {
          const { value, id } = userListPosition(user, order);
          return encodeCursor('users', [order, value, id]);
        });
        return { ...connection, totalCount: () => ctx.roster.readModel.countUsers(where) };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (connection) => connection.totalCount() }) }) },
  ),
}));
