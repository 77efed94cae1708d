import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { oktaLdapIamInput } from './testing/ldap-iam-input.ts';
import { createLogger, loadConfig } from '@roster/runtime';
import { startServer, type RunningServer } from './start-server.ts';

const ADMIN = 'services-test-admin-token-0123456789';
const SUFFIX = 'dc=e2e,dc=okta,dc=com';

// The services mounted together, as `npm start` runs them: GraphQL configures, SCIM provisions,
// LDAP sync pulls, and GraphQL reads the result.
describe('one server, every service', { timeout: 180_000 }, () => {
  let dataDir: string;
  let server: RunningServer;
  let slapd: TestSlapd;
  const logger = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));
  const gql = async (query: string, variables: object = {}) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-services-'));
    [slapd, server] = await Promise.all([
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 12, groups: 2 }) }),
      startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN, PUBLIC_URL: 'https://roster.example.com' }), { logger }),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await slapd?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('provisions users over SCIM with the token createIam showed once', async () => {
    const { createIam } = await gql(
      'mutation { createIam(input: { displayName: "Okta", type: SAML, scim: { enabled: true } }) { scimToken iam { scim { url } } } }',
    );
    expect(createIam.iam.scim.url).toBe('https://roster.example.com/scim/v2/okta');
    const post = await fetch(`${server.url}/scim/v2/okta/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${createIam.scimToken}` },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'ada@corp.com',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        active: true,
      }),
    });
    expect(post.status).toBe(201);
    expect(post.headers.get('location')).toMatch(/^https:\/\/roster\.example\.com\/scim\/v2\/okta\/Users\//);
    const { users } = await gql('{ users(iamId: "okta", first: 5) { totalCount edges { node { userName name { givenName } } } } }');
    expect(users).toEqual({ totalCount: 1, edges: [{ node: { userName: 'ada@corp.com', name: { givenName: 'Ada' } } }] });
    expect((await fetch(`${server.url}/scim/v2/okta/Users`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it("tests an LDAP IAM's connection and syncs it on demand", async () => {
    await gql('mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
      input: oktaLdapIamInput(slapd, 'Okta LDAP'),
    });
    const { testIamConnection } = await gql('mutation { testIamConnection(id: "okta-ldap") { ok steps { name ok } } }');
    expect(testIamConnection).toEqual({
      ok: true,
      steps: [
        { name: 'bind', ok: true },
        { name: 'user search', ok: true },
      ],
    });
    const { triggerLdapSync } = await gql('mutation { triggerLdapSync(iamId: "okta-ldap", mode: FULL) { id status } }');
    expect(triggerLdapSync.status).toBe('RUNNING');
    let status = 'RUNNING';
    for (let i = 0; i < 300 && status === 'RUNNING'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await gql('{ syncRuns(iamId: "okta-ldap", first: 1) { status } }')).syncRuns[0].status;
    }
    expect(status).toBe('SUCCEEDED');
    const { users, groups } = await gql(
      '{ users(iamId: "okta-ldap", first: 1) { totalCount } groups(iamId: "okta-ldap", first: 5) { totalCount } }',
    );
    expect(users.totalCount).toBe(12);
    expect(groups.totalCount).toBe(2);
  });
});
