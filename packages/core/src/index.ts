/**
 * @roster/core: Roster's domain. Runtime-free: Web APIs only; storage, time, randomness, hashing,
 * sealing and notification come in through the ports in `ports.ts`.
 */
export * from './errors.ts';
export * from './model.ts';
export type * from './ports.ts';
export * from './context.ts';
export * from './roster.ts';
export * from './events/event-types.ts';
export * from './events/diff-fields.ts';
export * from './iam/iam-config.ts';
export * from './iam/iam-settings.ts';
export * from './iam/iam-input.ts';
export * from './iam/iam-secrets.ts';
export * from './iam/iam-service.ts';
export * from './iam/login-readiness.ts';
export * from './iam/scim-token.ts';
export * from './users/user-input.ts';
export * from './users/user-ops.ts';
export * from './users/create-users.ts';
export * from './users/provision-user.ts';
export * from './users/apply-user-patch.ts';
export * from './users/idp-owned-fields.ts';
export * from './users/find-matching.ts';
export * from './users/migrate-user.ts';
export * from './users/login-user.ts';
export * from './users/rederive-users.ts';
export * from './users/reconcile/safety-limit.ts';
export * from './sessions/session-service.ts';
export * from './groups/group-input.ts';
export * from './groups/group-ops.ts';
export * from './groups/bulk-memberships.ts';
export * from './groups/create-groups.ts';
export * from './groups/recompute-group-permissions.ts';
export * from './attributes/attribute-ops.ts';
export * from './sync/sync-run-ops.ts';
export * from './sync/claim-scheduled-sync-run.ts';
export * from './tokens/api-token-service.ts';
export * from './rules/permissions.ts';
export * from './rules/attribute-mapping.ts';
export * from './rules/profile-mapping.ts';
export * from './rules/matching-attributes.ts';
export * from './rules/source-attributes.ts';
export * from './rules/derive-from-source.ts';
export * from './rules/slugify-iam-id.ts';
export * from './rules/parse-input.ts';
export type * from './query/resource-query.ts';
export * from './crypto/web-crypto.ts';
