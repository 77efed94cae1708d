/** An SSO IAM a user can sign in with. */
export interface LoginOption {
  readonly id: string;
  readonly displayName: string;
  readonly type: 'SAML' | 'OIDC';
  /** Where the login starts; add `?returnTo=<local path>` to come back there. */
  readonly loginUrl: string;
}

/**
 * What the server tells anyone before sign-in (GET /bim/login-options): whether this browser has a
 * session, and the enabled SAML and OIDC IAMs ready for login. Null when the SSO routes do not
 * answer here (a process without the sso role).
 */
export async function fetchLoginOptions(): Promise<{ session: boolean; iams: LoginOption[] } | null> {
  try {
    const response = await fetch('/bim/login-options', { credentials: 'same-origin' });
    return response.ok ? ((await response.json()) as { session: boolean; iams: LoginOption[] }) : null;
  } catch {
    return null;
  }
}
