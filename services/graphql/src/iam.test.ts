import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

const IAM_FIELDS = `id displayName type enabled scim { enabled url hasToken } loginReadiness { ready missing }
  ssoCallbackUrl oidc { clientId hasClientSecret discoveryUrl scopes } ldap { url bindDn hasBindPassword sync { schedule pageSize pagingEnabled deactivationLimitPercent } }
  defaultPermissions groupPermissions { group permissions } attributeSchema { source prefix delimiter } profileSchema { field source } userMatchingAttribute`;

describe('IAM configuration', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('creates an OIDC IAM with SCIM on, shows the SCIM token once and the client secret never', async () => {
    const created = await h.ok(`mutation($input: CreateIamInput!) { createIam(input: $input) { scimToken iam { ${IAM_FIELDS} } } }`, {
      input: {
        displayName: 'Okta Production',
        type: 'OIDC',
        scim: { enabled: true },
        oidc: { clientId: 'roster-app', clientSecret: 'very-secret-value' },
        settings: { defaultPermissions: ['IDENTITY_READ'], userMatchingAttribute: 'emails[type eq "work"].value' },
      },
    });
    const { iam, scimToken } = created['createIam'];
    expect(scimToken).toMatch(/^rscim_/);
    expect(iam).toMatchObject({
      id: 'okta-production',
      type: 'OIDC',
      scim: { enabled: true, url: 'https://roster.example.com/scim/v2/okta-production', hasToken: true },
      loginReadiness: { ready: false },
      oidc: { clientId: 'roster-app', hasClientSecret: true },
      defaultPermissions: ['IDENTITY_READ'],
      ssoCallbackUrl: 'https://roster.example.com/bim/iam/okta-production/user/authenticate/callback',
      userMatchingAttribute: 'emails[type eq "work"].value',
    });
    expect(iam.loginReadiness.missing).toContain('oidc.tokenEndpoint (or oidc.discoveryUrl)');
    const read = await h.ok(`{ iam(id: "okta-production") { ${IAM_FIELDS} } }`);
    expect(JSON.stringify(read)).not.toContain('very-secret-value');
    expect(JSON.stringify(read)).not.toContain(scimToken);
    expect(await h.roster.verifyScimToken('okta-production', scimToken)).not.toBeNull();
  });

  it('updates configuration without changing the IAM ID, and keeps write-only secrets', async () => {
    const updated = await h.ok(
      `mutation { updateIam(id: "okta-production", input: { displayName: "Okta (renamed)", oidc: { scopes: ["openid", "email", "groups"] } }) { scimToken iam { id displayName oidc { hasClientSecret scopes } } } }`,
    );
    expect(updated['updateIam']).toEqual({
      scimToken: null,
      iam: { id: 'okta-production', displayName: 'Okta (renamed)', oidc: { hasClientSecret: true, scopes: ['openid', 'email', 'groups'] } },
    });
  });

  it('keeps the stored client secret bound to its IdP: a new discovery URL, issuer or token endpoint needs the secret again', async () => {
    for (const change of [
      'discoveryUrl: "https://attacker.example/.well-known/openid-configuration"',
      'issuer: "https://attacker.example"',
      'tokenEndpoint: "https://attacker.example/token"',
    ]) {
      const refused = await h.gql(`mutation { updateIam(id: "okta-production", input: { oidc: { ${change} } }) { iam { id } } }`);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'oidc.clientSecret' }] });
      const previewed = await h.gql(
        `mutation { startTestUserLogin(iamId: "okta-production", input: { oidc: { ${change} } }) { loginUrl } }`,
      );
      expect(previewed.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'oidc.clientSecret' }] });
    }
    expect((await h.ok('{ iam(id: "okta-production") { oidc { discoveryUrl issuer } } }'))['iam'].oidc).toEqual({
      discoveryUrl: null,
      issuer: null,
    });
    const updated = await h.ok(
      `mutation { updateIam(id: "okta-production", input: { oidc: { discoveryUrl: "https://okta.example.com/.well-known/openid-configuration", clientSecret: "the-secret-again" } }) { iam { loginReadiness { ready } oidc { hasClientSecret discoveryUrl } } } }`,
    );
    expect(updated['updateIam'].iam).toEqual({
      loginReadiness: { ready: true },
      oidc: { hasClientSecret: true, discoveryUrl: 'https://okta.example.com/.well-known/openid-configuration' },
    });
  });

  it('derives every user again from what the IdP sent when the attribute or profile schema changes, and says how many changed', async () => {
    await h.roster.createIam({ id: 'entra', displayName: 'Entra', type: 'SAML', settings: { syncAttributes: true } });
    const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    for (const n of [1, 2, 3]) {
      await h.roster.createUser('entra', { userName: `e${n}@corp.com` }, 'SCIM', {
        sourceAttributes: { userName: `e${n}@corp.com`, nickName: `E${n}`, [enterprise]: { costCenter: `CC${n}` } },
      });
    }
    const update = `mutation($input: UpdateIamInput!) { updateIam(id: "entra", input: $input) { rederivedUsers iam { attributeSchema { source prefix } } } }`;
    const changed = await h.ok(update, {
      input: {
        settings: {
          attributeSchema: [{ source: enterprise, prefix: 'hr' }],
          profileSchema: [{ field: 'displayName', source: 'nickName' }],
        },
      },
    });
    expect(changed['updateIam']).toMatchObject({ rederivedUsers: 3, iam: { attributeSchema: [{ source: enterprise, prefix: 'hr' }] } });
    const users = await h.ok('{ users(iamId: "entra") { edges { node { userName displayName attributes { name values } } } } }');
    expect(users['users'].edges.map((e: any) => e.node)).toEqual(
      [1, 2, 3].map((n) => ({
        userName: `e${n}@corp.com`,
        displayName: `E${n}`,
        attributes: [{ name: 'hr.costCenter', values: [`CC${n}`] }],
      })),
    );
    const renamed = await h.ok(`mutation { updateIam(id: "entra", input: { displayName: "Entra ID" }) { rederivedUsers } }`);
    expect(renamed['updateIam']).toEqual({ rederivedUsers: null });
  });

  it('rotates the SCIM token: the old one stops working at once', async () => {
    const rotated = await h.ok('mutation { rotateScimToken(iamId: "okta-production") { scimToken } }');
    const fresh = rotated['rotateScimToken'].scimToken as string;
    expect(await h.roster.verifyScimToken('okta-production', fresh)).not.toBeNull();
    const again = await h.ok('mutation { rotateScimToken(iamId: "okta-production") { scimToken } }');
    expect(await h.roster.verifyScimToken('okta-production', fresh)).toBeNull();
    expect(await h.roster.verifyScimToken('okta-production', again['rotateScimToken'].scimToken)).not.toBeNull();
  });

  it('configures LDAP with nested sync settings and a write-only bind password', async () => {
    const data = await h.ok(`mutation($input: CreateIamInput!) { createIam(input: $input) { iam { ${IAM_FIELDS} } } }`, {
      input: {
        displayName: 'Corp AD',
        type: 'LDAP',
        ldap: {
          url: 'ldaps://dc.corp.example:636',
          bindDn: 'cn=svc,dc=corp',
          bindPassword: 'bind-secret',
          userBaseDn: 'dc=corp',
          membership: 'MEMBER_OF',
          sync: { enabled: true, pageSize: 200 },
        },
        settings: {
          attributeSchema: [{ source: 'memberOf', prefix: 'ad', delimiter: ';' }],
          profileSchema: [{ field: 'title', source: 'title' }],
        },
      },
    });
    expect(data['createIam'].iam).toMatchObject({
      id: 'corp-ad',
      ldap: { hasBindPassword: true, sync: { schedule: '0 * * * *', pageSize: 200, pagingEnabled: true, deactivationLimitPercent: 20 } },
      attributeSchema: [{ source: 'memberOf', prefix: 'ad', delimiter: ';' }],
      profileSchema: [{ field: 'title', source: 'title' }],
      loginReadiness: { ready: true },
    });
    expect(JSON.stringify(data)).not.toContain('bind-secret');
  });

  it('keeps the stored bind password bound to its directory: another host, port, scheme or TLS setting needs it again', async () => {
    const before = await h.roster.getIam('corp-ad');
    for (const change of [
      'url: "ldap://attacker.example:389"',
      'url: "ldap://dc.corp.example:636"',
      'url: "ldaps://dc.corp.example:1636"',
      'startTls: true',
      'tlsVerify: false',
    ]) {
      const refused = await h.gql(`mutation { updateIam(id: "corp-ad", input: { ldap: { ${change} } }) { iam { id } } }`);
      expect(refused.errors?.[0]?.extensions, change).toMatchObject({
        code: 'VALIDATION_FAILED',
        fieldErrors: [{ path: 'ldap.bindPassword' }],
      });
    }
    expect((await h.roster.getIam('corp-ad')).config).toEqual(before.config);
    // The same server spelled differently, or another base DN, is no new destination.
    await h.ok(
      'mutation { updateIam(id: "corp-ad", input: { ldap: { url: "ldaps://DC.corp.example", userBaseDn: "ou=people,dc=corp" } }) { iam { id } } }',
    );
    const moved = await h.ok(
      'mutation { updateIam(id: "corp-ad", input: { ldap: { url: "ldaps://dc2.corp.example:636", bindPassword: "bind-secret" } }) { iam { ldap { url hasBindPassword } } } }',
    );
    expect(moved['updateIam'].iam.ldap).toEqual({ url: 'ldaps://dc2.corp.example:636', hasBindPassword: true });
  });

  it("configures SAML with its SP URLs, write-only keys, and the external endpoint's last call", async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----';
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEsecret\n-----END PRIVATE KEY-----';
    const created = await h.ok(
      `mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id samlEntityId samlMetadataUrl samlSingleLogoutServiceUrl ssoCallbackUrl
        saml { requestBinding issuer idpIssuer idpCertificate signingCertificate hasSigningPrivateKey singleLogoutEnabled singleLogoutUrl }
        externalEndpoint { url timeoutMs lastCall { ok error } } } } }`,
      {
        input: {
          displayName: 'Entra SAML',
          type: 'SAML',
          saml: {
            entryPoint: 'https://login.microsoftonline.com/t/saml2',
            requestBinding: 'POST',
            idpIssuer: 'https://sts.windows.net/t/',
            idpCertificate: pem,
            signingPrivateKey: key,
            signingCertificate: pem,
            singleLogoutEnabled: true,
            singleLogoutUrl: 'https://login.microsoftonline.com/t/saml2',
          },
          settings: { externalEndpoint: { url: 'https://groups.corp.example.com/lookup' } },
        },
      },
    );
    const iam = created['createIam'].iam;
    expect(iam).toEqual({
      id: 'entra-saml',
      samlEntityId: 'https://roster.example.com/bim/iam/entra-saml/saml/metadata',
      samlMetadataUrl: 'https://roster.example.com/bim/iam/entra-saml/saml/metadata',
      samlSingleLogoutServiceUrl: 'https://roster.example.com/bim/iam/entra-saml/saml/slo',
      ssoCallbackUrl: 'https://roster.example.com/bim/iam/entra-saml/user/authenticate/callback',
      saml: {
        requestBinding: 'POST',
        issuer: null,
        idpIssuer: 'https://sts.windows.net/t/',
        idpCertificate: pem,
        signingCertificate: pem,
        hasSigningPrivateKey: true,
        singleLogoutEnabled: true,
        singleLogoutUrl: 'https://login.microsoftonline.com/t/saml2',
      },
      externalEndpoint: { url: 'https://groups.corp.example.com/lookup', timeoutMs: 3000, lastCall: null },
    });
    expect(JSON.stringify(await h.ok('{ iam(id: "entra-saml") { saml { hasSigningPrivateKey } } }'))).not.toContain('MIIEsecret');
    await h.roster.transaction((_ops, repos) =>
      repos.iams.recordExternalLookup('entra-saml', { at: new Date(), error: 'https://groups.corp.example.com/lookup: HTTP 503' }),
    );
    const read = await h.ok('{ iam(id: "entra-saml") { externalEndpoint { lastCall { ok error } } } }');
    expect(read['iam'].externalEndpoint.lastCall).toEqual({ ok: false, error: 'https://groups.corp.example.com/lookup: HTTP 503' });
    const renamed = await h.ok(
      'mutation { updateIam(id: "entra-saml", input: { saml: { issuer: "https://roster.corp.example.com" } }) { iam { samlEntityId } } }',
    );
    expect(renamed['updateIam'].iam.samlEntityId).toBe('https://roster.corp.example.com');
  });

  it('prepares a test user login with unsaved changes, refusing an IAM not ready for login', async () => {
    const started = await h.ok(
      'mutation { startTestUserLogin(iamId: "entra-saml", input: { saml: { groupAttribute: "roles" } }) { loginUrl expiresAt } }',
    );
    expect(started['startTestUserLogin'].loginUrl).toMatch(
      /^https:\/\/roster\.example\.com\/bim\/iam\/entra-saml\/user\/authenticate\/test\/test_/,
    );
    expect((await h.ok('{ iam(id: "entra-saml") { saml { groupAttribute } } }'))['iam'].saml.groupAttribute).toBeNull();
    const refused = await h.gql(
      `mutation { startTestUserLogin(iamId: "entra-saml", input: { saml: { entryPoint: "not a url" } }) { loginUrl } }`,
    );
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
  });

  it('refuses invalid configuration with VALIDATION_FAILED and field paths, changing nothing', async () => {
    const before = await h.ok('{ iams { id } }');
    const result = await h.gql(
      'mutation { createIam(input: { displayName: "Broken", type: LDAP, ldap: { url: "http://not-ldap" }, settings: { userMatchingAttribute: "phone" } }) { iam { id } } }',
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'url' }] });
    expect(await h.ok('{ iams { id } }')).toEqual(before);
  });

  it('refuses to create BUILTIN and to delete an IAM that has users', async () => {
    expect(
      (await h.gql('mutation { createIam(input: { displayName: "Mine", type: BUILTIN }) { iam { id } } }')).errors?.[0]?.extensions?.[
        'code'
      ],
    ).toBe('VALIDATION_FAILED');
    await h.roster.createUser('corp-ad', { userName: 'someone' }, 'LDAP');
    expect((await h.gql('mutation { deleteIam(id: "corp-ad") }')).errors?.[0]?.extensions?.['code']).toBe('VALIDATION_FAILED');
    await h.ok('mutation { createIam(input: { displayName: "Temporary", type: SAML }) { iam { id } } }');
    expect(await h.ok('mutation { deleteIam(id: "temporary") }')).toEqual({ deleteIam: true });
    expect(await h.ok('{ iam(id: "temporary") { id } }')).toEqual({ iam: null });
  });
});

describe('IAM lists: users and last sync of every IAM', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('counts each IAM’s users and names its latest run, in one statement for the whole list', async () => {
    const { iam: ldap } = await h.roster.createIam({ displayName: 'Corp LDAP', type: 'LDAP' });
    await h.roster.createIam({ displayName: 'Okta', type: 'OIDC' });
    for (const userName of ['a@corp.com', 'b@corp.com', 'c@corp.com']) await h.roster.createUser(ldap.id, { userName }, 'ADMIN');
    const first = await h.roster.startSyncRun(ldap.id, { mode: 'FULL', trigger: 'API' });
    await h.roster.failSyncRun(first.id, 'Stopped: the worker is shutting down.');
    await h.roster.startSyncRun(ldap.id, { mode: 'DELTA', trigger: 'SCHEDULE' });
    h.sql.length = 0;
    const { iams } = await h.ok('{ iams { id userCount lastSyncRun { id mode status } } }');
    expect(iams).toEqual(
      expect.arrayContaining([
        { id: ldap.id, userCount: 3, lastSyncRun: { id: expect.any(String), mode: 'DELTA', status: 'RUNNING' } },
        { id: 'okta', userCount: 0, lastSyncRun: null },
      ]),
    );
    expect(h.sql.filter((query) => query.includes('DISTINCT ON'))).toHaveLength(1);
  });
});
