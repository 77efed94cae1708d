import type { Iam, QueryCondition, Roster, UserQueryField } from '@roster/core';
import { filterToQuery } from '../filter/to-query.ts';
import type { ListParams } from '../http/list-params.ts';
import { isExcluded, projectResource } from '../http/projection.ts';
import { URN } from '../schema/schema-urns.ts';
import { userFieldResolver } from '../schema/user-fields.ts';
import { userToScim } from './user-to-scim.ts';
import { parseFilter } from '../filter/parse-filter.ts';

/**
 * RFC 7644 §3.4.2: the filter becomes a core query that the database evaluates, sorts and pages;
 * the count and the page's users with their relations are one statement (read-model.ts).
 */
export async function listUsers(roster: Roster, iam: Iam, baseUrl: string, params: ListParams): Promise<Record<string, unknown>> {
  const resolver = userFieldResolver(iam);
  const filter: QueryCondition<UserQueryField> | undefined = params.filter ? filterToQuery(params.filter, resolver) : undefined;
  const sortField = params.sortBy ? resolver.field(sortPath(params.sortBy)) : null;
  const withGroups = params.attributes.length > 0 && !isExcluded('groups', params.attributes, params.excludedAttributes);
  const page = await roster.readModel.queryUserResources(
    {
      iamId: iam.id,
      offset: params.startIndex - 1,
      limit: params.count,
      ...(filter ? { filter } : {}),
      ...(sortField ? { sort: { field: sortField.field, descending: params.descending } } : {}),
    },
    { groupIds: withGroups },
  );
  const resources = page.items.map((view) => projectResource(userToScim(iam, view, baseUrl), params.attributes, params.excludedAttributes));
  const total = page.total;
  return {
    schemas: [URN.listResponse],
    totalResults: total,
    startIndex: params.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function sortPath(sortBy: string) {
  // sortBy is an attribute path (RFC 7644 §3.4.2.3); parse it with the filter grammar.
  const filter = parseFilter(`${sortBy} pr`);
  if (filter.type !== 'present') throw new Error('unreachable');
  return filter.path;
}
