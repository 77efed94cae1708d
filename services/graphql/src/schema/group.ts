import type { Group } from '@roster/core';
import { builder } from '../builder.ts';
import { GroupAttributeObject } from './attribute.ts';
import { IamRef } from './iam.ts';

/** A group of one IAM; its attributes and member count come through the request's loaders (one statement per list). */
export const GroupNode = builder.node(builder.objectRef<Group>('Group'), {
  id: { resolve: (group) => group.id },
  loadMany: (ids, ctx) => ids.map((id) => ctx.loaders.group.load(id)),
  // Guarded where groups are reached, as users are (see user.ts).
  fields: (t) => ({
    iamId: t.exposeString('iamId'),
    iam: t.field({ type: IamRef, resolve: (group, _args, ctx) => ctx.loaders.iam.load(group.iamId) }),
    displayName: t.exposeString('displayName'),
    externalId: t.exposeString('externalId', { nullable: true }),
    attributes: t.field({ type: [GroupAttributeObject], resolve: (group, _args, ctx) => ctx.loaders.groupAttributes(group.id) }),
    memberCount: t.int({ resolve: (group, _args, ctx) => ctx.loaders.groupMemberCount(group.id) }),
    version: t.exposeInt('version'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
