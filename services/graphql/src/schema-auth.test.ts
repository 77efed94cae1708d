import { getNamedType, isInterfaceType, isObjectType, isUnionType, type GraphQLField, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './schema/index.ts';

// User and Group carry no type-level auth scope (it would wrap every field of every row of a page):
// whoever reaches them must have passed a field that checks permissions. This walks every path
// from the root types and names any field that reaches users or groups unchecked.
const GUARDED = new Set(['User', 'Group']);
// A session reaches its own user through a field open to it (scope `self`, viewer.user); from
// there only that user's own groups may be reached unchecked, and from those nothing guarded.
type Reach = 'checked' | 'self' | 'own-groups';
const REACHABLE: Record<Reach, ReadonlySet<string>> = { checked: new Set(), self: new Set(['User']), 'own-groups': new Set(['Group']) };

function scopesOf(field: GraphQLField<unknown, unknown>): Record<string, unknown> | undefined {
  return (field.extensions as { pothosOptions?: { authScopes?: Record<string, unknown> } }).pothosOptions?.authScopes;
}

function unguardedPaths(): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType, path: string, reach: Reach) => {
    const key = `${reach}:${type.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const members = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
    for (const member of members) {
      if (GUARDED.has(member.name) && !REACHABLE[reach].has(member.name)) found.push(`${path} (${member.name})`);
      else visit(member, path, reach);
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return;
    for (const field of Object.values(type.getFields())) {
      const scopes = scopesOf(field);
      const target = getNamedType(field.type);
      if (scopes && !('self' in scopes)) continue;
      const next: Reach = scopes ? 'self' : reach === 'self' && type.name === 'User' && field.name === 'groups' ? 'own-groups' : reach;
      if (GUARDED.has(target.name) && !REACHABLE[next].has(target.name)) found.push(`${path}.${field.name}`);
      else visit(target, `${path}.${field.name}`, next);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()])
    if (root) visit(root, root.name, 'checked');
  return found;
}

// The fields of User and Group that check more than the path to them did: a group's members need
// `read` even from a session's own group (viewer.user.groups), and what an IdP sent for a user is
// for user administrators only.
const RESTRICTED: Readonly<Record<string, Record<string, unknown>>> = {
  'Group.members': { read: true },
  'User.sourceAttributes': { permission: 'USER_ADMIN' },
};

function restrictedFields(): Record<string, Record<string, unknown>> {
  const found: Record<string, Record<string, unknown>> = {};
  for (const name of GUARDED) {
    const type = schema.getType(name);
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const scopes = scopesOf(field);
      if (scopes) found[`${name}.${field.name}`] = scopes;
    }
  }
  return found;
}

describe('the schema', () => {
  it('checks permissions on every path to users and groups, and lets a session reach only itself and its own groups', () => {
    expect(unguardedPaths()).toEqual([]);
  });

  it('restricts exactly the user and group fields it means to, each to its permission', () => {
    expect(restrictedFields()).toEqual(RESTRICTED);
  });
});
