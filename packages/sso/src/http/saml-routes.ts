import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie } from 'hono/cookie';
import { assessLoginReadiness, type Iam, type Session } from '@roster/core';
import { samlEntities, type SamlIam } from '../saml/saml-entities.ts';
import {
  createSamlLoginRequest,
  decodeSamlMessage,
  peekSamlMessage,
  verifySamlLoginResponse,
  type SamlOutbound,
} from '../saml/saml-login.ts';
import { SamlRefusal } from '../saml/saml-refusal.ts';
import {
  createSamlLogoutRequest,
  readRedirectQuery,
  verifySamlLogoutRequest,
  verifySamlLogoutResponse,
  type InboundSamlMessage,
} from '../saml/saml-logout.ts';
import { describeError } from '../connection-step.ts';
import { localPath } from './local-path.ts';
import { escapeHtml } from './html.ts';
import type { SsoRouteContext } from './sso-route-context.ts';

/** How long Roster waits for the IdP to answer a login or logout request. */
const REQUEST_TTL_MS = 10 * 60_000;
/** SAML messages are small; anything larger is refused before it is parsed. */
const MAX_SAML_BODY_BYTES = 512 * 1024;

/** Sends the browser on with a SAML message: a redirect, or an auto-submitting form (HTTP-POST). */
function deliver(c: Context, outbound: SamlOutbound): Response {
  if (outbound.binding === 'REDIRECT') return c.redirect(outbound.url, 302);
  const inputs = Object.entries(outbound.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return c.html(
    `<!doctype html><title>Signing in…</title><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(outbound.url)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body>`,
  );
}

/**
 * SAML 2.0 service-provider routes of SAML IAMs: metadata, SP-initiated login (the login start is
 * shared with OIDC), the assertion consumer, single logout both ways. Every refusal is logged with
 * its reason and answered with a plain error page.
 */
export function registerSamlRoutes(app: Hono, context: SsoRouteContext): void {
  const { roster, publicUrl, refuse } = context;
  const samlIam = async (iamId: string): Promise<SamlIam | null> => {
    const iam: Iam | null = await roster.read((repos) => repos.iams.get(iamId));
    return iam?.type === 'SAML' && iam.enabled ? iam : null;
  };
  const saveRequest = (iam: SamlIam, id: string, kind: 'LOGIN' | 'LOGOUT' | 'TEST_LOGIN', relayState: string) =>
    roster.saveSamlRequest({ id, iamId: iam.id, kind, relayState, ttlMs: REQUEST_TTL_MS });
  const failed = (c: Context, iamId: string, error: unknown) =>
    refuse(c, iamId, `SAML logout refused: ${describeError(error)}`, 401, error instanceof SamlRefusal ? error.code : undefined);
  const inbound = async (c: Context): Promise<InboundSamlMessage> => {
    if (c.req.method === 'GET') return readRedirectQuery(new URL(c.req.url).search.slice(1));
    const body = await c.req.parseBody();
    return {
      binding: 'POST',
      fields: Object.fromEntries(Object.entries(body).map(([key, value]) => [key, typeof value === 'string' ? value : undefined])),
    };
  };

  app.get('/bim/iam/:iamId/saml/metadata', async (c) => {
    const iam = await samlIam(c.req.param('iamId'));
    if (!iam) return c.text('Unknown SAML identity manager.', 404);
    const { sp } = await samlEntities(iam, publicUrl, roster);
    return c.body(sp.getMetadata(), 200, { 'content-type': 'application/samlmetadata+xml; charset=utf-8' });
  });

  context.loginStarters.SAML = async (c, iam, returnTo, testDraft) => {
    const saml = iam as SamlIam;
    const readiness = assessLoginReadiness(saml);
    if (!readiness.ready) return refuse(c, saml.id, `SAML login is not configured yet (missing ${readiness.missing.join(', ')})`, 400);
    const outbound = createSamlLoginRequest(await samlEntities(saml, publicUrl, roster), saml.config);
    // A test login keeps the unsaved configuration it runs with until the IdP answers.
    await (testDraft === undefined
      ? saveRequest(saml, outbound.id, 'LOGIN', returnTo)
      : saveRequest(saml, outbound.id, 'TEST_LOGIN', testDraft));
    return deliver(c, outbound);
  };

  // The assertion consumer service (the SSO callback URL SAML IAMs show).
  app.post(
    '/bim/iam/:iamId/user/authenticate/callback',
    bodyLimit({ maxSize: MAX_SAML_BODY_BYTES, onError: (c) => refuse(c, c.req.param('iamId') ?? '', 'SAML response too large', 400) }),
    async (c) => {
      const iamId = c.req.param('iamId');
      const iam = await samlIam(iamId);
      if (!iam) return refuse(c, iamId, 'no enabled SAML IAM with this ID', 404);
      let testing = false;
      try {
        const message = await inbound(c);
        const encoded = message.fields['SAMLResponse'];
        if (!encoded) throw new SamlRefusal('no SAMLResponse in the request');
        const claimed = peekSamlMessage(decodeSamlMessage(encoded, 'POST'));
        const now = roster.now();
        // The request it claims to answer is used up now, whether the response then verifies or not.
        const pending = claimed.inResponseTo === undefined ? null : await roster.takeSamlRequest(iam.id, claimed.inResponseTo);
        testing = pending?.kind === 'TEST_LOGIN';
        const target = testing ? await context.openTestDraft<SamlIam>(pending!.relayState!) : iam;
        const login = await verifySamlLoginResponse(
          await samlEntities(target, publicUrl, roster, claimed.issuer),
          target.config,
          message.fields,
          now,
        );
        if (login.inResponseTo !== null || pending !== null) {
          if (pending === null || pending.id !== login.inResponseTo || (pending.kind !== 'LOGIN' && !testing)) {
            throw new SamlRefusal(
              `InResponseTo ${login.inResponseTo ?? claimed.inResponseTo} is not a login request Roster issued, or it was answered already or expired`,
            );
          }
        } else if (!target.config.allowIdpInitiated) {
          throw new SamlRefusal('unsolicited response: IdP-initiated SSO is not allowed for this IAM');
        }
        const replayed = `assertion ${login.assertionId} was already used (replay)`;
        if (testing) {
          if (!(await roster.rememberSamlAssertion(iam.id, login.assertionId, login.validUntil))) throw new SamlRefusal(replayed);
          return context.showTestResult(c, target, { identity: login.identity });
        }
        const identity = await context.withExternalLookup(iam, login.identity);
        // The login's writes (a just-in-time user, its attributes and groups) name the IAM as origin.
        const user = await roster.withOrigin({ kind: 'SSO', iamId: iam.id }, () =>
          roster.transaction(async (ops) => {
            if (!(await ops.rememberSamlAssertion(iam.id, login.assertionId, login.validUntil))) throw new SamlRefusal(replayed);
            return ops.loginUser(iam.id, identity);
          }),
        );
        await context.openSession(c, user, { nameId: login.nameId, sessionIndex: login.sessionIndex });
        return c.redirect(localPath(pending?.relayState ?? message.fields['RelayState']), 302);
      } catch (error) {
        return testing ? context.showTestResult(c, iam, { error }) : context.loginFailed(c, iamId, error);
      }
    },
  );

  // Single logout: the IdP's LogoutResponse to Roster's request, or its own LogoutRequest.
  const slo = async (c: Context) => {
    const iamId = c.req.param('iamId') ?? '';
    const iam = await samlIam(iamId);
    if (!iam?.config.singleLogout.enabled) return refuse(c, iamId, 'no enabled SAML IAM with single logout under this ID', 404);
    try {
      const message = await inbound(c);
      const encoded = message.fields['SAMLResponse'] ?? message.fields['SAMLRequest'];
      if (!encoded) throw new SamlRefusal('neither SAMLRequest nor SAMLResponse in the request');
      const entities = await samlEntities(iam, publicUrl, roster, peekSamlMessage(decodeSamlMessage(encoded, message.binding)).issuer);
      if (message.fields['SAMLResponse']) {
        const inResponseTo = await verifySamlLogoutResponse(entities, message);
        const pending = await roster.takeSamlRequest(iam.id, inResponseTo);
        if (pending?.kind !== 'LOGOUT')
          throw new SamlRefusal(
            `InResponseTo ${inResponseTo} is not a logout request Roster issued, or it was answered already or expired`,
          );
        return c.redirect(localPath(pending.relayState), 302);
      }
      const request = await verifySamlLogoutRequest(entities, message, iam.config.idpIssuer);
      const ended = await roster.endSsoSessions(iam.id, request.nameId, request.sessionIndexes);
      context.log?.(iam.id, `IdP-initiated single logout ended ${ended} session(s)`);
      deleteCookie(c, context.sessionCookie, { path: '/' });
      return deliver(c, request.respond());
    } catch (error) {
      return failed(c, iamId, error);
    }
  };
  app.get('/bim/iam/:iamId/saml/slo', slo);
  app.post(
    '/bim/iam/:iamId/saml/slo',
    bodyLimit({ maxSize: MAX_SAML_BODY_BYTES, onError: (c) => refuse(c, c.req.param('iamId') ?? '', 'SAML message too large', 400) }),
    slo,
  );

  // Roster-initiated single logout: after the session ended, tell the IdP.
  context.logoutFollowUps.push(async (c, session: Session) => {
    if (!session.ssoNameId) return null;
    const iam = await samlIam(session.iamId);
    if (!iam?.config.singleLogout.enabled) return null;
    const outbound = createSamlLogoutRequest(
      await samlEntities(iam, publicUrl, roster),
      session.ssoNameId,
      session.ssoSessionIndex ?? null,
    );
    await saveRequest(iam, outbound.id, 'LOGOUT', '/');
    return c.redirect(outbound.url, 303);
  });
}
