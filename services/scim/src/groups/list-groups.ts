import type { Iam, Roster } from '@roster/core';
import { filterToQuery } from '../filter/to-query.ts';
import { parseFilter } from '../filter/parse-filter.ts';
import type { ListParams } from '../http/list-params.ts';
import { isExcluded, projectResource } from '../http/projection.ts';
import { groupFieldResolver } from '../schema/group-fields.ts';
import { URN } from '../schema/schema-urns.ts';
import { groupToScim } from './group-to-scim.ts';

/** RFC 7644 §3.4.2 on Groups; the database filters, sorts and pages. */
export async function listGroups(roster: Roster, iam: Iam, baseUrl: string, params: ListParams): Promise<Record<string, unknown>> {
  const filter = params.filter ? filterToQuery(params.filter, groupFieldResolver) : undefined;
  const sortPath = params.sortBy ? parseFilter(`${params.sortBy} pr`) : null;
  const sortField = sortPath?.type === 'present' ? groupFieldResolver.field(sortPath.path) : null;
  const withMembers = !isExcluded('members', params.attributes, params.excludedAttributes);
  const { total, resources } = await roster.read(async (repos) => {
    const page = await repos.queries.groups({
      iamId: iam.id,
      offset: params.startIndex - 1,
      limit: params.count,
      ...(filter ? { filter } : {}),
      ...(sortField ? { sort: { field: sortField.field, descending: params.descending } } : {}),
    });
    const members = withMembers ? await Promise.all(page.items.map((group) => repos.memberships.memberIds(group.id))) : null;
    const resources = page.items.map((group, i) =>
      projectResource(groupToScim(group, members?.[i] ?? null, baseUrl), params.attributes, params.excludedAttributes),
    );
    return { total: page.total, resources };
  });
  return {
    schemas: [URN.listResponse],
    totalResults: total,
    startIndex: params.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
