import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OidcConfig } from '@roster/core';
import { testOidcConnection } from './test-oidc-connection.ts';

const base: OidcConfig = {
  scopes: ['openid'],
  userIdClaim: 'email',
  allowIdpInitiated: false,
  allowInsecureRequests: true,
  clientId: 'roster',
};

describe('testOidcConnection against a real OpenID Provider (oidc-provider)', () => {
  let server: Server;
  let issuer: string;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signingKey = {
      ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
      kid: 'test-key',
      use: 'sig',
    };
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'roster', client_secret: 'secret', redirect_uris: ['http://127.0.0.1/cb'] }],
      jwks: { keys: [signingKey] },
      features: { devInteractions: { enabled: false } },
      cookies: { keys: ['test-cookie-key'] },
    });
    const callback = provider.callback();
    server.on('request', (req, res) => void callback(req, res));
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes discovery and finds the signing keys', async () => {
    const steps = await testOidcConnection({ ...base, discoveryUrl: `${issuer}/.well-known/openid-configuration` });
    expect(steps.map((step) => [step.name, step.ok])).toEqual([
      ['discovery', true],
      ['jwks', true],
    ]);
    expect(steps[0]!.message).toContain(`Issuer ${issuer}`);
    expect(steps[1]!.message).toBe('1 signing key(s): test-key.');
  });

  it('uses endpoints given by hand', async () => {
    const steps = await testOidcConnection({
      ...base,
      issuer,
      authorizationEndpoint: `${issuer}/auth`,
      tokenEndpoint: `${issuer}/token`,
      jwksUri: `${issuer}/jwks`,
    });
    expect(steps.every((step) => step.ok)).toBe(true);
  });

  it('reports a wrong JWKS URL and an unreachable provider as failed steps', async () => {
    const wrongJwks = await testOidcConnection({
      ...base,
      issuer,
      authorizationEndpoint: `${issuer}/auth`,
      tokenEndpoint: `${issuer}/token`,
      jwksUri: `${issuer}/nope`,
    });
    expect(wrongJwks[1]).toMatchObject({ name: 'jwks', ok: false, message: expect.stringContaining('HTTP 404') });
    const down = await testOidcConnection({ ...base, discoveryUrl: 'http://127.0.0.1:1/.well-known/openid-configuration' });
    expect(down).toEqual([expect.objectContaining({ name: 'discovery', ok: false })]);
  });

  it('refuses http:// providers unless allowed for local testing', async () => {
    const steps = await testOidcConnection({
      ...base,
      allowInsecureRequests: false,
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    });
    expect(steps[0]).toMatchObject({ ok: false, message: expect.stringMatching(/https/i) });
  });
});
