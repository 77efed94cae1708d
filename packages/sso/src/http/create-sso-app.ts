import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isRosterError, openIamSecret, type Iam, type OidcConfig, type Roster } from '@roster/core';
import { describeError } from '../connection-step.ts';
import { beginOidcLogin, completeOidcLogin, type PendingOidcLogin } from '../oidc-login.ts';
import { localPath } from './local-path.ts';

/** The session cookie (read by GraphQL too). */
export const SESSION_COOKIE = 'roster_session';
const LOGIN_COOKIE = 'roster_login';
const LOGIN_TTL_SECONDS = 600;

/** What the SSO routes need. */
export interface SsoAppOptions {
  readonly roster: Roster;
  readonly publicUrl: string;
  /** Where refusals are explained (never to the browser in detail). */
  readonly onRefusal?: (iamId: string, reason: string) => void;
}

/**
 * Login routes under /bim/iam/<iamId>/: the start (redirect to the IdP) and the callback that
 * SAML and OIDC IAMs show as their SSO callback URL, plus logout. A successful login runs the
 * just-in-time rules (core's loginUser) and opens a session cookie.
 */
export function createSsoApp(options: SsoAppOptions): Hono {
  const { roster } = options;
  const secure = options.publicUrl.startsWith('https:');
  const callbackUrl = (iamId: string) => `${options.publicUrl}/bim/iam/${iamId}/user/authenticate/callback`;
  const refuse = (c: Context, iamId: string, reason: string, status: 400 | 401 | 403 | 404 = 401) => {
    options.onRefusal?.(iamId, reason);
    return c.html(`<!doctype html><title>Login failed</title><h1>Login failed</h1><p>${status === 404 ? 'Unknown identity manager.' : 'Roster could not log you in. Please try again or contact your administrator.'}</p>`, status);
  };
  const oidcIam = async (iamId: string): Promise<(Iam & { type: 'OIDC'; config: OidcConfig }) | null> => {
    const iam = await roster.read((repos) => repos.iams.get(iamId));
    return iam?.type === 'OIDC' && iam.enabled ? (iam as Iam & { type: 'OIDC'; config: OidcConfig }) : null;
  };

  const app = new Hono();
  app.get('/bim/iam/:iamId/user/authenticate', async (c) => {
    const iamId = c.req.param('iamId');
    const iam = await oidcIam(iamId);
    if (!iam) return refuse(c, iamId, 'no enabled OIDC IAM with this ID', 404);
    try {
      const { url, pending } = await beginOidcLogin(iam.config, { redirectUri: callbackUrl(iamId), returnTo: localPath(c.req.query('returnTo')) });
      setCookie(c, LOGIN_COOKIE, await roster.deps.secrets.seal(JSON.stringify(pending)), {
        httpOnly: true, secure, sameSite: 'Lax', path: `/bim/iam/${iamId}`, maxAge: LOGIN_TTL_SECONDS,
      });
      return c.redirect(url.href, 302);
    } catch (error) {
      return refuse(c, iamId, `cannot start login: ${describeError(error)}`, 400);
    }
  });

  app.get('/bim/iam/:iamId/user/authenticate/callback', async (c) => {
    const iamId = c.req.param('iamId');
    const iam = await oidcIam(iamId);
    if (!iam) return refuse(c, iamId, 'no enabled OIDC IAM with this ID', 404);
    const sealed = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: `/bim/iam/${iamId}` });
    if (!sealed) return refuse(c, iamId, 'no login in progress (missing or expired login cookie)', 400);
    try {
      const pending = JSON.parse(await roster.deps.secrets.open(sealed)) as PendingOidcLogin;
      const clientSecret = await openIamSecret(iam, 'clientSecret', roster.deps.secrets);
      const identity = await completeOidcLogin(iam.config, new URL(c.req.url.replace(/^https?:\/\/[^/]+/, options.publicUrl)), pending, clientSecret);
      const user = await roster.transaction((ops) => ops.loginUser(iamId, identity));
      const { token } = await roster.startSession(user);
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'Lax', path: '/' });
      return c.redirect(localPath(pending.returnTo), 302);
    } catch (error) {
      return refuse(c, iamId, `login refused: ${describeError(error)}`, isRosterError(error, 'FORBIDDEN') ? 403 : 401);
    }
  });

  app.post('/bim/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await roster.endSession(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  return app;
}

