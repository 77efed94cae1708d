import type { GroupQueryField } from '@roster/core';
import type { FieldResolver, ResolvedField } from '../filter/to-query.ts';
import { URN } from './schema-urns.ts';

type Field = ResolvedField<GroupQueryField>;
const f = (field: GroupQueryField, caseExact = false): Field => ({ field, caseExact });

// RFC 7643 §4.2: displayName is not caseExact; ids are.
const CORE: Readonly<Record<string, Field>> = {
  id: f('id', true),
  displayname: f('displayName'),
  externalid: f('externalId', true),
  'meta.created': f('createdAt'),
  'meta.lastmodified': f('updatedAt'),
  members: f('member.id', true),
  'members.value': f('member.id', true),
};

/** Resolves Group attribute paths. */
export const groupFieldResolver: FieldResolver<GroupQueryField> = {
  field(path) {
    if (path.uri !== null && path.uri.toLowerCase() !== URN.group.toLowerCase()) return null;
    return CORE[[path.name, path.sub].filter(Boolean).join('.').toLowerCase()] ?? null;
  },
  collection: (path) =>
    path.name.toLowerCase() === 'members' && (path.uri === null || path.uri.toLowerCase() === URN.group.toLowerCase()) ? 'member' : null,
  member: (collection, name) => (collection === 'member' && name.toLowerCase() === 'value' ? f('member.id', true) : null),
};
