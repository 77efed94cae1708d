import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Iam, OidcConfig } from '@roster/core';
import { beginOidcLogin, completeOidcLogin, type PendingOidcLogin } from '../oidc-login.ts';
import { localPath } from './local-path.ts';
import type { SsoRouteContext } from './sso-route-context.ts';

const LOGIN_COOKIE = 'roster_login';
const LOGIN_TTL_SECONDS = 600;

type OidcIam = Iam & { readonly type: 'OIDC'; readonly config: OidcConfig };
/** What the login cookie holds: the pending login and, for a test login, its sealed draft IAM. */
type LoginState = PendingOidcLogin & { readonly testDraft?: string };

/**
 * OpenID Connect relying-party routes: the login start (authorization code with PKCE, state and
 * nonce, kept sealed in a short-lived cookie), third-party-initiated login when the IAM allows
 * it, and the redirect URI.
 */
export function registerOidcRoutes(app: Hono, context: SsoRouteContext): void {
  const { roster, publicUrl, refuse } = context;
  const secure = publicUrl.startsWith('https:');
  const callbackUrl = (iamId: string) => `${publicUrl}/bim/iam/${iamId}/user/authenticate/callback`;

  context.loginStarters.OIDC = async (c, iam, returnTo, testDraft) => {
    const { config } = iam as OidcIam;
    // OpenID Connect §4: an IdP-initiated login arrives with the issuer (and maybe a login hint).
    const initiatedBy = c.req.query('iss');
    if (initiatedBy !== undefined && !config.allowIdpInitiated)
      return refuse(c, iam.id, 'IdP-initiated login is not allowed for this IAM', 400);
    const { url, pending } = await beginOidcLogin(config, {
      redirectUri: callbackUrl(iam.id),
      returnTo: initiatedBy === undefined ? returnTo : localPath(c.req.query('target_link_uri')),
      ...(initiatedBy === undefined ? {} : { initiatedBy, loginHint: c.req.query('login_hint') }),
    });
    const state: LoginState = testDraft === undefined ? pending : { ...pending, testDraft };
    setCookie(c, LOGIN_COOKIE, await roster.sealState(state), {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: `/bim/iam/${iam.id}`,
      maxAge: LOGIN_TTL_SECONDS,
    });
    return c.redirect(url.href, 302);
  };

  app.get('/bim/iam/:iamId/user/authenticate/callback', async (c) => {
    const iamId = c.req.param('iamId');
    const iam = await roster.read((repos) => repos.iams.get(iamId));
    if (iam?.type !== 'OIDC' || !iam.enabled) return refuse(c, iamId, 'no enabled OIDC IAM with this ID', 404);
    const sealed = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: `/bim/iam/${iamId}` });
    if (!sealed) return refuse(c, iamId, 'no login in progress (missing or expired login cookie)', 400);
    let draft: OidcIam | null = null;
    try {
      const pending = await roster.openState<LoginState>(sealed);
      draft = pending.testDraft === undefined ? null : await context.openTestDraft<OidcIam>(pending.testDraft);
      const target = draft ?? iam;
      const clientSecret = await roster.openIamSecret(target, 'clientSecret');
      const fromIdp = await completeOidcLogin(
        target.config,
        new URL(c.req.url.replace(/^https?:\/\/[^/]+/, publicUrl)),
        pending,
        clientSecret,
      );
      if (draft) return await context.showTestResult(c, draft, { identity: fromIdp });
      const identity = await context.withExternalLookup(iam, fromIdp);
      // The login's writes (a just-in-time user, its attributes and groups) name the IAM as origin.
      const user = await roster.withOrigin({ kind: 'SSO', iamId }, () => roster.transaction((ops) => ops.loginUser(iamId, identity)));
      await context.openSession(c, user, null);
      return c.redirect(localPath(pending.returnTo), 302);
    } catch (error) {
      return draft ? context.showTestResult(c, draft, { error }) : context.loginFailed(c, iamId, error);
    }
  });
}
