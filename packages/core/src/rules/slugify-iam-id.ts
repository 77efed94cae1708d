import { RosterError } from '../errors.ts';

const MAX_LENGTH = 48;

/**
 * Derives an IAM ID from a display name: lower-case ASCII letters, digits and single hyphens,
 * at most 48 characters ("Okta (prod) SAML" -> "okta-prod-saml"). Accents are folded
 * ("Zürich AD" -> "zurich-ad"). The IAM ID appears in SCIM and SSO URLs, so it must be URL-safe.
 */
export function slugifyIamId(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/-+$/g, '');
  if (slug === '') {
    throw new RosterError('VALIDATION_FAILED', `Cannot derive an IAM ID from "${displayName}": use letters or digits.`, {
      details: { field: 'displayName' },
    });
  }
  return slug;
}

/** The first free ID among `base`, `base-2`, `base-3`, ... given the IDs already taken. */
export function firstFreeIamId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
