import * as oidc from 'openid-client';
import type { LoginIdentity, OidcConfig } from '@roster/core';
import { loadOidcConfiguration } from './oidc-configuration.ts';

/** What must survive the round trip to the provider (kept sealed in a short-lived cookie). */
export interface PendingOidcLogin {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

/**
 * Starts an authorization-code login with PKCE, state and nonce: the URL to send the browser to,
 * and what the callback needs to finish it. A login the IdP initiated (OpenID Connect Core §4)
 * names the issuer, which must be this IAM's.
 */
export async function beginOidcLogin(
  config: OidcConfig,
  options: { redirectUri: string; returnTo: string; initiatedBy?: string; loginHint?: string | undefined },
): Promise<{ url: URL; pending: PendingOidcLogin }> {
  const configuration = await loadOidcConfiguration(config);
  const issuer = configuration.serverMetadata().issuer;
  if (options.initiatedBy !== undefined && options.initiatedBy !== issuer) {
    throw new Error(`The login was initiated by ${options.initiatedBy}, not by this IAM's issuer ${issuer}.`);
  }
  const pending: PendingOidcLogin = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    returnTo: options.returnTo,
  };
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: options.redirectUri,
    scope: config.scopes.join(' '),
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { url, pending };
}

/**
 * Finishes the login at the callback: exchanges the code (checking state, nonce and PKCE, and the
 * ID token's signature, issuer and audience), reads userinfo when the provider has it, and returns
 * who logged in: the user ID claim, every claim as attributes, and the groups claim.
 */
export async function completeOidcLogin(
  config: OidcConfig,
  callbackUrl: URL,
  pending: PendingOidcLogin,
  clientSecret: string | null,
): Promise<LoginIdentity> {
  const configuration = await loadOidcConfiguration(config, clientSecret);
  const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims: Record<string, unknown> = { ...tokens.claims() };
  if (configuration.serverMetadata().userinfo_endpoint) {
    Object.assign(claims, await oidc.fetchUserInfo(configuration, tokens.access_token, String(claims['sub'])));
  }
  const userId = claims[config.userIdClaim];
  if (typeof userId !== 'string' || userId === '')
    throw new Error(`The provider sent no "${config.userIdClaim}" claim to identify the user.`);
  const groups = config.groupsClaim ? claims[config.groupsClaim] : undefined;
  return { userId, attributes: claims, groups: Array.isArray(groups) ? groups.map(String) : undefined };
}
