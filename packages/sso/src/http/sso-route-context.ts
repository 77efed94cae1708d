import type { Context } from 'hono';
import type { Iam, LoginIdentity, Roster, RosterErrorCode, Session, User } from '@roster/core';
import type { SamlRefusalCode } from '../saml/saml-refusal.ts';

/** The code of a refused login or logout, for the log: a SAML refusal's or a domain error's. */
export type RefusalCode = SamlRefusalCode | RosterErrorCode;

/** What the OIDC and SAML routes share: the domain, refusals, sessions and the login start. */
export interface SsoRouteContext {
  readonly roster: Roster;
  readonly publicUrl: string;
  readonly sessionCookie: string;
  /** Logs the reason (and code) and answers with a plain error page (never the reason). */
  readonly refuse: (c: Context, iamId: string, reason: string, status?: 400 | 401 | 403 | 404, code?: RefusalCode) => Response;
  /** A failed login: the reason logged, 403 for a refused user, 401 otherwise. */
  loginFailed(c: Context, iamId: string, error: unknown): Response;
  /** Adds the IAM's external endpoint's groups and attributes, when it has one (failures are logged and recorded). */
  withExternalLookup(iam: Iam, identity: LoginIdentity): Promise<LoginIdentity>;
  /** Opens a session for the user and sets its cookie. */
  openSession(c: Context, user: User, sso: { readonly nameId: string; readonly sessionIndex: string | null } | null): Promise<void>;
  /**
   * Starts a login, per IAM kind, returning where the browser goes. A test login passes its sealed
   * draft configuration, to be kept until the IdP answers.
   */
  readonly loginStarters: Partial<Record<Iam['type'], (c: Context, iam: Iam, returnTo: string, testDraft?: string) => Promise<Response>>>;
  /** The unsaved IAM a test login runs with. */
  openTestDraft<T extends Iam>(sealed: string): Promise<T>;
  /** Ends a test login on a page showing what Roster received, or why it refused. */
  showTestResult(c: Context, draft: Iam, outcome: { identity: LoginIdentity } | { error: unknown }): Promise<Response>;
  /** After logout ended a session: a kind may send the browser on (SAML single logout). */
  readonly logoutFollowUps: ((c: Context, session: Session) => Promise<Response | null>)[];
  log?(iamId: string, message: string): void;
}
