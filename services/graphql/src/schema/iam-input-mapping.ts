import type { CreateIamInput as CoreCreateIamInput, UpdateIamInput as CoreUpdateIamInput } from '@roster/core';

type Input = Record<string, unknown> | null | undefined;

/**
 * GraphQL IAM inputs are flat where the stored configuration nests (`pageSize` -> `sync.paging`,
 * `singleLogoutUrl` -> `singleLogout.url`, profile mappings as a list); this reshapes them for core,
 * which validates everything. `undefined` keeps a stored value, `null` clears it.
 */
export function toCoreIamInput(input: Record<string, unknown>): CoreCreateIamInput & CoreUpdateIamInput {
  return {
    ...input,
    ldap: ldap(input['ldap'] as Input),
    saml: saml(input['saml'] as Input),
    oidc: input['oidc'] ?? undefined,
    settings: settings(input['settings'] as Input),
  } as CoreCreateIamInput & CoreUpdateIamInput;
}

function ldap(input: Input): unknown {
  if (!input) return input ?? undefined;
  const { sync, ...rest } = input as { sync?: Input };
  if (!sync) return { ...rest, sync: sync ?? undefined };
  const { pagingEnabled, pageSize, ...syncRest } = sync as { pagingEnabled?: unknown; pageSize?: unknown };
  return { ...rest, sync: { ...syncRest, paging: { enabled: pagingEnabled ?? undefined, pageSize: pageSize ?? undefined } } };
}

function saml(input: Input): unknown {
  if (!input) return input ?? undefined;
  const { singleLogoutEnabled, singleLogoutUrl, ...rest } = input as { singleLogoutEnabled?: unknown; singleLogoutUrl?: unknown };
  return { ...rest, singleLogout: { enabled: singleLogoutEnabled ?? undefined, url: singleLogoutUrl } };
}

function settings(input: Input): unknown {
  if (!input) return input ?? undefined;
  const { profileSchema, ...rest } = input as { profileSchema?: { field: string; source: string }[] | null };
  return {
    ...rest,
    profileSchema:
      profileSchema === undefined || profileSchema === null
        ? (profileSchema ?? undefined)
        : Object.fromEntries(profileSchema.map((m) => [m.field, m.source])),
  };
}
