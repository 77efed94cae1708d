import type * as oidc from 'openid-client';
import { loadOidcConfiguration } from './oidc-configuration.ts';
import type { OidcConfig } from '@roster/core';
import { runStep, type ConnectionStep } from './connection-step.ts';

const TIMEOUT_MS = 5_000;

/**
 * Checks an OIDC IAM against its provider: discovery (or the endpoints given by hand), then the
 * JWKS the provider signs ID tokens with. Each step reports what it found or why it failed.
 */
export async function testOidcConnection(config: OidcConfig): Promise<ConnectionStep[]> {
  let metadata: oidc.ServerMetadata | undefined;
  const steps = [
    await runStep('discovery', async () => {
      metadata = await loadMetadata(config);
      return `Issuer ${metadata.issuer}; authorization endpoint ${metadata.authorization_endpoint ?? 'missing'}; token endpoint ${metadata.token_endpoint ?? 'missing'}.`;
    }),
  ];
  if (!metadata) return steps;
  const jwksUri = metadata.jwks_uri;
  steps.push(
    await runStep('jwks', async () => {
      if (!jwksUri) throw new Error('The provider publishes no jwks_uri.');
      const response = await fetch(jwksUri, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`${jwksUri} answered HTTP ${response.status}.`);
      const { keys } = (await response.json()) as { keys?: { kid?: string; alg?: string }[] };
      if (!Array.isArray(keys) || keys.length === 0) throw new Error(`${jwksUri} holds no keys.`);
      return `${keys.length} signing key(s): ${keys.map((key) => key.kid ?? key.alg ?? '?').join(', ')}.`;
    }),
  );
  return steps;
}

async function loadMetadata(config: OidcConfig): Promise<oidc.ServerMetadata> {
  return (await loadOidcConfiguration(config)).serverMetadata();
}
