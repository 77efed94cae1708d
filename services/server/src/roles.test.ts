import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '@roster/runtime';
import { startServer, type RunningServer } from './start-server.ts';

describe('ROSTER_ROLES', { timeout: 120_000 }, () => {
  const logger = createLogger('warn', new Writable({ write: (_chunk, _enc, done) => done() }));
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const start = async (roles: string) => {
    server = await startServer(loadConfig({ PORT: '0', DATA_DIR: 'memory://', ROSTER_ROLES: roles }), { logger, announce: () => {} });
    return server;
  };
  /** "no route" when the server itself answered 404 (no service is mounted there), else the status. */
  const answer = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${server!.url}${path}`, { redirect: 'manual', ...init });
    const text = await response.text();
    return response.status === 404 && text.includes('"message":"No route for') ? 'no route' : response.status;
  };
  const graphql = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) };

  it('a SCIM process serves SCIM and answers 404 on the GraphQL and SSO routes', async () => {
    await start('scim');
    expect(await answer('/scim/v2/no-such-iam/Users')).toBe(404); // SCIM answers: no such IAM, in its own format
    expect(await answer('/graphql', graphql)).toBe('no route');
    expect(await answer('/bim/iam/bim/user/authenticate')).toBe('no route');
    expect(await (await fetch(`${server!.url}/healthz`)).json()).toMatchObject({ status: 'ok', roles: ['scim'] });
  });

  it('a GraphQL and SSO process serves both and answers 404 on SCIM', async () => {
    await start('graphql,sso');
    expect(await answer('/graphql', graphql)).toBe(401); // GraphQL answers: it wants a token
    expect(await answer('/scim/v2/no-such-iam/Users')).toBe('no route');
    expect(await answer('/bim/iam/no-such-iam/user/authenticate')).toBe(404); // SSO answers: no such IAM
    expect(await answer('/readyz')).toBe(200);
  });
});
