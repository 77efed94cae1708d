import type { Group } from '@roster/core';
import { URN } from '../schema/schema-urns.ts';
import { etagOf } from '../users/user-to-scim.ts';

/** A Roster group as a SCIM Group (RFC 7643 §4.2); `memberIds` null when members were not read. */
export function groupToScim(group: Group, memberIds: readonly string[] | null, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [URN.group],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(memberIds ? { members: memberIds.map((id) => ({ value: id, $ref: `${baseUrl}/Users/${id}`, type: 'User' })) } : {}),
    meta: {
      resourceType: 'Group',
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etagOf(group.version),
    },
  };
}
