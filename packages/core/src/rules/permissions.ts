import { z } from 'zod';

/**
 * Roster's permissions (personas). APPLICATION_ADMIN configures IAMs, tokens and settings;
 * USER_ADMIN manages users, groups, attributes and migrations; AUDIT reads everything including
 * the event log; IDENTITY_READ is for applications that only read users and groups.
 */
export const PERMISSIONS = ['APPLICATION_ADMIN', 'USER_ADMIN', 'AUDIT', 'IDENTITY_READ'] as const;

/** One of {@link PERMISSIONS}. */
export type Permission = (typeof PERMISSIONS)[number];

/** zod schema of one permission, with a message listing the valid ones. */
export const permissionSchema = z.enum(PERMISSIONS, {
  error: (issue) => `Unknown permission ${JSON.stringify(issue.input)}; expected one of ${PERMISSIONS.join(', ')}.`,
});

/** A group-to-permissions mapping: members of the group named `group` get `permissions`. */
export interface GroupPermissionRule {
  readonly group: string;
  readonly permissions: readonly Permission[];
}

/** Sorted, de-duplicated permissions, so equal sets compare equal. */
export function normalizePermissions(permissions: Iterable<Permission>): Permission[] {
  return [...new Set(permissions)].sort();
}

/**
 * The permissions a user gets from the groups it belongs to. Group names match
 * case-insensitively, as group display names are unique case-insensitively within an IAM.
 */
export function deriveGroupPermissions(groupNames: Iterable<string>, rules: readonly GroupPermissionRule[]): Permission[] {
  const names = new Set([...groupNames].map((name) => name.toLowerCase()));
  return normalizePermissions(rules.filter((rule) => names.has(rule.group.toLowerCase())).flatMap((rule) => rule.permissions));
}

/** Effective permissions: explicitly granted plus group-derived. */
export function effectivePermissions(user: {
  readonly permissions: readonly Permission[];
  readonly groupPermissions: readonly Permission[];
}): Permission[] {
  return normalizePermissions([...user.permissions, ...user.groupPermissions]);
}

/** True when both lists hold the same permissions, in any order. */
export function samePermissions(a: readonly Permission[], b: readonly Permission[]): boolean {
  const left = normalizePermissions(a);
  const right = normalizePermissions(b);
  return left.length === right.length && left.every((permission, i) => permission === right[i]);
}
