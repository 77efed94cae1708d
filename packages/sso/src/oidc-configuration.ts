import * as oidc from 'openid-client';
import type { OidcConfig } from '@roster/core';

const TIMEOUT_SECONDS = 5;

/**
 * The openid-client configuration of an OIDC IAM: from its discovery URL, or from the endpoints
 * given by hand. `http://` providers are refused unless the IAM allows them (local testing only).
 */
export async function loadOidcConfiguration(config: OidcConfig, clientSecret?: string | null): Promise<oidc.Configuration> {
  if (!config.clientId) throw new Error('No client ID is configured.');
  const secret = clientSecret ?? undefined;
  if (config.discoveryUrl) {
    return oidc.discovery(new URL(config.discoveryUrl), config.clientId, secret, undefined, {
      timeout: TIMEOUT_SECONDS,
      ...(config.allowInsecureRequests ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  }
  const missing = (['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'jwksUri'] as const).filter((field) => !config[field]);
  if (missing.length > 0) throw new Error(`Set a discovery URL, or ${missing.join(', ')}.`);
  const configuration = new oidc.Configuration(
    {
      issuer: config.issuer!,
      authorization_endpoint: config.authorizationEndpoint!,
      token_endpoint: config.tokenEndpoint!,
      jwks_uri: config.jwksUri!,
      ...(config.userinfoEndpoint ? { userinfo_endpoint: config.userinfoEndpoint } : {}),
    },
    config.clientId,
    secret,
  );
  if (config.allowInsecureRequests) oidc.allowInsecureRequests(configuration);
  return configuration;
}
