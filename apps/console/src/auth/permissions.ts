import type { Viewer } from '../api/viewer.ts';

export type Permission = Viewer['permissions'][number];

/**
 * What the console shows to whom, exactly as the API enforces it: any permission reads users,
 * groups, IAMs and the event log (never secrets); APPLICATION_ADMIN configures IAMs, SCIM, sync,
 * API tokens and webhooks; USER_ADMIN edits users and groups. What the viewer may not do is hidden.
 */
export interface Abilities {
  readonly read: boolean;
  readonly configure: boolean;
  readonly editIdentities: boolean;
}

export function abilitiesOf(permissions: readonly Permission[]): Abilities {
  return {
    read: permissions.length > 0,
    configure: permissions.includes('APPLICATION_ADMIN'),
    editIdentities: permissions.includes('USER_ADMIN'),
  };
}
