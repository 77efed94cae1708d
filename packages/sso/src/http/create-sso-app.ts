import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { assessLoginReadiness, isRosterError, type Iam, type Roster } from '@roster/core';
import { describeError } from '../connection-step.ts';
import { SamlRefusal } from '../saml/saml-refusal.ts';
import { withExternalGroupsAndAttributes } from '../external-lookup.ts';
import { CSRF_HEADER, passesCsrfCheck } from './csrf.ts';
import { localPath } from './local-path.ts';
import { registerOidcRoutes } from './oidc-routes.ts';
import { registerSamlRoutes } from './saml-routes.ts';
import { renderTestLoginResult } from './test-login.ts';
import type { RefusalCode, SsoRouteContext } from './sso-route-context.ts';

/** The session cookie (read by GraphQL too). */
export const SESSION_COOKIE = 'roster_session';

const refusalCode = (error: unknown): RefusalCode | undefined =>
  error instanceof SamlRefusal || isRosterError(error) ? error.code : undefined;

/** What the SSO routes need. */
export interface SsoAppOptions {
  readonly roster: Roster;
  readonly publicUrl: string;
  /** Where refusals are explained (never to the browser in detail), with the refusal's code when it has one. */
  readonly onRefusal?: (iamId: string, reason: string, code?: RefusalCode) => void;
  /** Where other noteworthy SSO events go (external endpoint failures, single logouts). */
  readonly onNotice?: (iamId: string, message: string) => void;
}

/**
 * Login routes under /bim/iam/<iamId>/: the start (to the IdP), the callback that SAML and OIDC
 * IAMs show as their SSO callback URL, SAML metadata and single logout, plus /bim/logout. A
 * successful login runs the just-in-time rules (core's loginUser) and opens a session cookie.
 */
export function createSsoApp(options: SsoAppOptions): Hono {
  const { roster } = options;
  const secure = options.publicUrl.startsWith('https:');
  const publicOrigin = new URL(options.publicUrl).origin;
  const refuse: SsoRouteContext['refuse'] = (c, iamId, reason, status = 401, code) => {
    options.onRefusal?.(iamId, reason, code);
    return c.html(
      `<!doctype html><title>Login failed</title><h1>Login failed</h1><p>${status === 404 ? 'Unknown identity manager.' : 'Roster could not log you in. Please try again or contact your administrator.'}</p>`,
      status,
    );
  };
  const context: SsoRouteContext = {
    roster,
    publicUrl: options.publicUrl,
    sessionCookie: SESSION_COOKIE,
    refuse,
    loginFailed: (c, iamId, error) =>
      refuse(c, iamId, `login refused: ${describeError(error)}`, isRosterError(error, 'FORBIDDEN') ? 403 : 401, refusalCode(error)),
    async withExternalLookup(iam, identity) {
      const endpoint = iam.settings.externalEndpoint;
      if (!endpoint) return identity;
      const result = await withExternalGroupsAndAttributes(endpoint, iam.id, identity);
      if (result.error)
        options.onNotice?.(iam.id, `external groups and attributes endpoint failed, logging in with what the IdP sent: ${result.error}`);
      await roster.recordExternalLookup(iam.id, result.error);
      return result.identity;
    },
    async openSession(c, user, sso) {
      const { token } = await roster.startSession(user, sso);
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'Lax', path: '/' });
    },
    loginStarters: {},
    openTestDraft: <T extends Iam>(sealed: string) => roster.openState<T>(sealed),
    showTestResult: (c, draft, outcome) => {
      if ('error' in outcome)
        options.onRefusal?.(draft.id, `test login refused: ${describeError(outcome.error)}`, refusalCode(outcome.error));
      return renderTestLoginResult(c, draft, outcome);
    },
    logoutFollowUps: [],
    log: (iamId, message) => options.onNotice?.(iamId, message),
  };

  const app = new Hono();
  app.get('/bim/iam/:iamId/user/authenticate', async (c) => {
    const iamId = c.req.param('iamId');
    const iam = await roster.read((repos) => repos.iams.get(iamId));
    const start = iam?.enabled ? context.loginStarters[iam.type] : undefined;
    if (!iam || !start) return refuse(c, iamId, 'no enabled SAML or OIDC IAM with this ID', 404);
    try {
      return await start(c, iam, localPath(c.req.query('returnTo')));
    } catch (error) {
      return refuse(c, iamId, `cannot start login: ${describeError(error)}`, 400);
    }
  });
  // What a sign-in page (the console's) needs before anyone is authenticated: whether the browser
  // already has a session, and the enabled SAML and OIDC IAMs ready for login, with where it starts.
  app.get('/bim/login-options', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token !== undefined && (await roster.authenticateSession(token)) !== null;
    const iams = await roster.read((repos) => repos.iams.list());
    const options = iams
      .filter((iam) => iam.enabled && context.loginStarters[iam.type] !== undefined && assessLoginReadiness(iam).ready)
      .map((iam) => ({
        id: iam.id,
        displayName: iam.displayName,
        type: iam.type,
        loginUrl: `/bim/iam/${encodeURIComponent(iam.id)}/user/authenticate`,
      }));
    return c.json({ session, iams: options }, 200, { 'cache-control': 'no-store' });
  });
  // A test user login's one-time link (see startTestUserLogin).
  app.get('/bim/iam/:iamId/user/authenticate/test/:testId', async (c) => {
    const iamId = c.req.param('iamId');
    const pending = await roster.takeSamlRequest(iamId, c.req.param('testId'));
    if (pending?.kind !== 'TEST_LOGIN' || !pending.relayState) return refuse(c, iamId, 'unknown, used or expired test login link', 404);
    const draft = await context.openTestDraft(pending.relayState);
    const start = context.loginStarters[draft.type];
    if (!start) return refuse(c, iamId, 'test login is for SAML and OIDC IAMs', 404);
    try {
      return await start(c, draft, '/', pending.relayState);
    } catch (error) {
      return context.showTestResult(c, draft, { error });
    }
  });
  registerOidcRoutes(app, context);
  registerSamlRoutes(app, context);

  app.post('/bim/logout', async (c: Context) => {
    const token = getCookie(c, SESSION_COOKIE);
    // The session cookie is SameSite=Lax, which a sibling subdomain passes: another site must not
    // log the user out (or start single logout), so the same CSRF check as GraphQL's applies.
    if (token !== undefined && !passesCsrfCheck(c.req.raw, publicOrigin)) {
      return c.json(
        {
          error: { code: 'FORBIDDEN', message: `Logging out with the session cookie from another origin needs the ${CSRF_HEADER} header.` },
        },
        403,
      );
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    const session = token ? await roster.endSession(token) : null;
    if (session) {
      for (const followUp of context.logoutFollowUps) {
        try {
          const next = await followUp(c, session);
          if (next) return next;
        } catch (error) {
          options.onRefusal?.(session.iamId, `single logout not started: ${describeError(error)}`);
        }
      }
    }
    // A logout form (the console's) says where to go afterwards; a script's POST gets a 204.
    const returnTo = c.req.query('returnTo');
    return returnTo === undefined ? c.body(null, 204) : c.redirect(localPath(returnTo), 303);
  });
  return app;
}
