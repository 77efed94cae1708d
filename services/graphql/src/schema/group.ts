import { builder } from '../builder.ts';
import { GroupAttributeObject } from './attribute.ts';
import { IamRef } from './iam.ts';

/** A group of one IAM. */
export const GroupNode = builder.prismaNode('Group', {
  id: { field: 'id' },
  // Guarded where groups are reached, as users are (see user.ts).
  fields: (t) => ({
    iamId: t.exposeString('iamId'),
    iam: t.field({ type: IamRef, resolve: (group, _args, ctx) => ctx.loaders.iam.load(group.iamId) }),
    displayName: t.exposeString('displayName'),
    externalId: t.exposeString('externalId', { nullable: true }),
    attributes: t.relation('attributes', { type: GroupAttributeObject, query: { orderBy: { name: 'asc' } } }),
    memberCount: t.relationCount('memberships'),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
