import { getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLField, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './schema/index.ts';

// User and Group carry no type-level auth scope (it would wrap every field of every row of a page):
// whoever reaches them must have passed a field that checks permissions. This walks every path
// from the root types and names any field that reaches users or groups unchecked.
const GUARDED = new Set(['User', 'Group']);

function checked(field: GraphQLField<unknown, unknown>): boolean {
  return Boolean((field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes);
}

function unguardedPaths(): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType, path: string) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    const members = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
    for (const member of members) {
      if (GUARDED.has(member.name)) found.push(`${path} (${member.name})`);
      else visit(member, path);
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    for (const field of Object.values(type.getFields())) {
      if (checked(field)) continue;
      const target = getNamedType(field.type);
      if (GUARDED.has(target.name)) found.push(`${path}.${field.name}`);
      else visit(target, `${path}.${field.name}`);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) if (root) visit(root, root.name);
  return found;
}

describe('the schema', () => {
  it('checks permissions on every path to users and groups', () => {
    expect(unguardedPaths()).toEqual([]);
  });
});
