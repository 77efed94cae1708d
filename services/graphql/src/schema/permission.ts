import { PERMISSIONS } from '@roster/core';
import { builder } from '../builder.ts';

/** Roster's permissions, as a GraphQL enum. */
export const PermissionEnum = builder.enumType('Permission', {
  description:
    'APPLICATION_ADMIN: IAMs, tokens, settings. USER_ADMIN: users, groups, attributes, migration. AUDIT: read everything incl. the event log. IDENTITY_READ: read users and groups.',
  values: PERMISSIONS,
});
