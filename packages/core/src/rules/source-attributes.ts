/** Attributes as an IdP hands them over: SCIM JSON, LDAP entry, SAML assertion, OIDC claims. */
export type SourceAttributes = Readonly<Record<string, unknown>>;

/**
 * Looks a source attribute up by name: exact key first, then case-insensitively (LDAP and SCIM
 * attribute names are case-insensitive), then as a dotted path into nested objects
 * (`name.givenName`) or into each value of a multi-valued complex attribute (`addresses.locality`:
 * every address's locality, the primary one first, RFC 7644 §3.10). A schema URN key
 * (`urn:...:User`) is never split on its dots.
 */
export function readSourceAttribute(source: SourceAttributes, name: string): unknown {
  const direct = lookupKey(source, name);
  if (direct !== undefined) return direct;
  if (name.toLowerCase().startsWith('urn:')) {
    // RFC 7644 §3.10: "urn:...:User:department" names `department` inside the extension object.
    const colon = name.lastIndexOf(':');
    const extension = lookupKey(source, name.slice(0, colon));
    return isPlainObject(extension) ? lookupKey(extension, name.slice(colon + 1)) : undefined;
  }
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const head = lookupKey(source, name.slice(0, dot));
  const rest = name.slice(dot + 1);
  if (Array.isArray(head)) {
    const values = primaryFirst(head).flatMap((item) => (isPlainObject(item) ? [readSourceAttribute(item, rest)] : []));
    return values.some((value) => value !== undefined) ? values : undefined;
  }
  return isPlainObject(head) ? readSourceAttribute(head, rest) : undefined;
}

/**
 * Flattens a source value into strings: arrays are flattened, SCIM complex values contribute
 * their `value`, numbers and booleans are stringified, blanks dropped, duplicates removed.
 * With a delimiter, each string is split on it (multi-valued attributes sent as one string).
 */
export function toAttributeValues(value: unknown, delimiter?: string): string[] {
  const out: string[] = [];
  const visit = (item: unknown): void => {
    if (item === null || item === undefined) return;
    if (Array.isArray(item)) return item.forEach(visit);
    if (isPlainObject(item)) return visit(item['value']);
    const text = typeof item === 'string' ? item : typeof item === 'number' || typeof item === 'boolean' ? String(item) : '';
    const parts = delimiter ? text.split(delimiter) : [text];
    for (const part of parts) {
      const trimmed = part.trim();
      if (trimmed !== '') out.push(trimmed);
    }
  };
  visit(value);
  return [...new Set(out)];
}

/**
 * The first value of a source attribute as a string, or undefined when it has none. Of a SCIM
 * multi-valued attribute (`phoneNumbers`), the primary value counts as first (RFC 7643 §2.4).
 */
export function firstAttributeValue(value: unknown): string | undefined {
  return toAttributeValues(Array.isArray(value) ? primaryFirst(value) : value)[0];
}

/**
 * Source attributes without anything that looks like a secret: top-level names holding
 * password, pwd, secret, credential, token or nonce (SCIM `password`, LDAP `userPassword` and
 * `unicodePwd`, OIDC `nonce`), and the OIDC token hashes `at_hash`, `c_hash`, `s_hash`. What
 * Roster keeps of a source never holds a secret, so neither do the events that record it.
 */
export function withoutSecrets(source: SourceAttributes): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([name]) => !isSecretAttributeName(name)));
}

/**
 * Source attributes as Roster keeps them: {@link withoutSecrets}, and without attributes holding
 * a NUL character, which PostgreSQL cannot store in text or JSON (binary data read as text).
 */
export function keptSourceAttributes(source: SourceAttributes): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([name, value]) => !isSecretAttributeName(name) && !holdsNul(value)));
}

/** Whether a JSON value holds a NUL character anywhere (a key or a string). */
export function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  return Array.isArray(value)
    ? value.some(holdsNul)
    : Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner));
}

/** Whether an attribute's name says it holds a secret (see {@link withoutSecrets}). */
export function isSecretAttributeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const SECRET_NAME = /passw(or)?d|pwd|secret|credential|token|nonce|^(at|c|s)_hash$/i;

/** The elements of a multi-valued attribute, the one marked primary first (stable otherwise). */
function primaryFirst(items: readonly unknown[]): unknown[] {
  const primary = items.findIndex((item) => isPlainObject(item) && /^true$/i.test(String(lookupKey(item, 'primary'))));
  return primary <= 0 ? [...items] : [items[primary], ...items.slice(0, primary), ...items.slice(primary + 1)];
}

/** True for `{...}` objects (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lookupKey(source: SourceAttributes, name: string): unknown {
  if (Object.hasOwn(source, name)) return source[name];
  const lower = name.toLowerCase();
  const key = Object.keys(source).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : source[key];
}
