import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A real OpenID Provider (panva's oidc-provider) on loopback, for login tests. */
export interface OidcTestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The claims of the account that logs in next (it logs in without a login page). */
  claims: Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * Starts oidc-provider with one confidential client (PKCE required) whose redirect URIs are
 * `redirectUris`. Its "login page" logs the account in at once and grants the scopes asked for,
 * so a browser, or a test following redirects, completes the authorization code flow.
 */
export async function startOidcTestProvider(redirectUris: readonly string[]): Promise<OidcTestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handle: OidcTestProvider = {
    issuer,
    clientId: 'roster',
    clientSecret: 'client-secret',
    claims: { email: 'ada@corp.com', name: 'Ada Lovelace', groups: ['Admins', 'Analysts'] },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: handle.clientId,
        client_secret: handle.clientSecret,
        redirect_uris: [...redirectUris],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: {
      keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }],
    },
    cookies: { keys: ['cookie-key'] },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], groups: ['groups'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...handle.claims }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void answer(req, res));
  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!req.url?.startsWith('/interaction/')) return provider.callback()(req, res);
    const details = await provider.interactionDetails(req, res);
    const grant = new provider.Grant({ accountId: 'ada', clientId: handle.clientId });
    grant.addOIDCScope(String(details.params['scope']));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: 'ada' }, consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: false },
    );
  };
  return handle;
}
