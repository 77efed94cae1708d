import { getArgumentValues, isObjectType, Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import type { MembershipPageRequest, UserListInclude } from '@roster/core';
import { idPage } from '../connection.ts';

/** Distinct `groups(...)` pages read with a page of users; more (aliases) go through the loader. */
const MAX_GROUP_PAGES = 4;

/**
 * What the users of a `users` page will show that the page's own statement can read with them:
 * their emails and their group pages (one per distinct `groups(...)` arguments), found by looking
 * at the query's selection of `edges { node { ... } }`, through fragments. Anything it does not
 * find (or cannot work out, such as a bad cursor) is read by the request's loaders instead, in one
 * more statement, so this only ever saves work.
 */
export function userPageIncludes(info: GraphQLResolveInfo): UserListInclude {
  const edges = fieldsNamed(info, info.fieldNodes.flatMap(selectionsOf), 'edges');
  const nodes = fieldsNamed(info, edges.flatMap(selectionsOf), 'node').flatMap(selectionsOf);
  const user = info.schema.getType('User');
  const groupsField = isObjectType(user) ? user.getFields()['groups'] : undefined;
  const groupPages = new Map<string, MembershipPageRequest>();
  for (const field of groupsField ? fieldsNamed(info, nodes, 'groups') : []) {
    const request = validGroupPage(getArgumentValues(groupsField!, field, info.variableValues));
    if (request && groupPages.size < MAX_GROUP_PAGES) groupPages.set(`${request.take}:${request.cursor ?? ''}`, request);
  }
  return { emails: fieldsNamed(info, nodes, 'emails').length > 0, groupPages: [...groupPages.values()] };
}

/** The page `user.groups` reads for these arguments, or null when they are invalid (the field itself will say why). */
function validGroupPage(args: Record<string, unknown>): MembershipPageRequest | null {
  try {
    return idPage('groups', args);
  } catch {
    return null;
  }
}

function selectionsOf(field: FieldNode): readonly SelectionNode[] {
  return field.selectionSet?.selections ?? [];
}

/** The fields called `name` among these selections, looking into inline fragments and fragment spreads. */
function fieldsNamed(info: GraphQLResolveInfo, selections: readonly SelectionNode[], name: string, found: FieldNode[] = []): FieldNode[] {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(info, selection.selectionSet.selections, name, found);
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) fieldsNamed(info, fragment.selectionSet.selections, name, found);
    }
  }
  return found;
}
