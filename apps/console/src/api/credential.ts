/**
 * How the console authenticates: an API token the administrator pasted (kept in this tab's
 * sessionStorage only, so closing the tab forgets it and other tabs or sites never see it), or the
 * session cookie an SSO login set (httpOnly; the console never sees it).
 */
export type Credential = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'session' };

const TOKEN_KEY = 'roster.console.apiToken';

/** Headers for a GraphQL request with this credential. */
export function authHeaders(credential: Credential): Record<string, string> {
  // The CSRF header tells the server a page of its own sent a cookie-authenticated request.
  return credential.kind === 'token' ? { authorization: `Bearer ${credential.token}` } : { 'x-roster-csrf': '1' };
}

export function savedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function saveToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(TOKEN_KEY);
  else sessionStorage.setItem(TOKEN_KEY, token);
}
