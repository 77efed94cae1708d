import { describe, expect, it } from 'vitest';
import { isRosterError } from '../errors.ts';
import { firstFreeIamId, slugifyIamId } from './slugify-iam-id.ts';

describe('slugifyIamId', () => {
  it('makes URL-safe IDs from display names', () => {
    expect(slugifyIamId('Okta (prod) SAML')).toBe('okta-prod-saml');
    expect(slugifyIamId('  Zürich   AD  ')).toBe('zurich-ad');
    expect(slugifyIamId('Entra ID — EMEA/Finance')).toBe('entra-id-emea-finance');
  });

  it('caps the length without a trailing hyphen', () => {
    const id = slugifyIamId(`${'a'.repeat(47)} b`);
    expect(id.length).toBeLessThanOrEqual(48);
    expect(id.endsWith('-')).toBe(false);
  });

  it('refuses names with nothing to derive from', () => {
    let error: unknown;
    try {
      slugifyIamId('!!! ???');
    } catch (e) {
      error = e;
    }
    expect(isRosterError(error, 'VALIDATION_FAILED')).toBe(true);
  });

  it('suffixes a clash with the first free number', () => {
    expect(firstFreeIamId('okta', new Set())).toBe('okta');
    expect(firstFreeIamId('okta', new Set(['okta', 'okta-2']))).toBe('okta-3');
  });
});
