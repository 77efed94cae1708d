import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaTreeLdif, startTestSlapd, type TestSlapd } from '@roster/ldap-sync/testing';
import { makeKeyAndCertificate, SamlTestIdp, startOidcTestProvider, type OidcTestProvider } from '@roster/sso/testing';
import { oktaLdapIamInput } from './testing/ldap-iam-input.ts';
import { startConsoleHarness, type ConsoleHarness, type ConsolePage } from './testing/console-browser.ts';

const SUFFIX = 'dc=console,dc=okta,dc=com';

// Form helpers, as a user operates the fields: by their visible labels.
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
const fill = (page: Page, label: string, value: string) => field(page, label).fill(value);
// React Aria hides the native input inside its label: a user clicks the label. (`has` is
// relative to each label, so the inner locator names only the input.)
const press = (page: Page, role: 'switch' | 'checkbox' | 'radio', name: string | RegExp, scope: Page | Locator = page) =>
  scope
    .locator('label')
    .filter({ has: page.getByRole(role, { name, exact: true }) })
    .click();
const toggle = (page: Page, name: string) => press(page, 'switch', name);
const tick = (page: Page, group: string, name: string) => press(page, 'checkbox', name, page.getByRole('group', { name: group }));
async function choose(page: Page, label: string, option: string) {
  await page.getByRole('button', { name: new RegExp(label) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

async function addIam(tab: ConsolePage, type: RegExp) {
  await tab.page.goto(`${new URL(tab.page.url()).origin}/console/iams`);
  await tab.page.getByRole('link', { name: 'Add IAM' }).click();
  await tab.page.getByRole('heading', { name: 'Add IAM', exact: true }).waitFor();
  await press(tab.page, 'radio', type);
}

describe('Roster Console: adding and running IAMs in headless Chromium', { timeout: 120_000 }, () => {
  let harness: ConsoleHarness;
  let slapd: TestSlapd;
  let oidc: OidcTestProvider;
  const idp = new SamlTestIdp();
  const spKey = makeKeyAndCertificate('roster.test');

  beforeAll(async () => {
    [harness, slapd] = await Promise.all([
      startConsoleHarness(),
      startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: 12, groups: 2 }) }),
    ]);
    oidc = await startOidcTestProvider([`${harness.url}/bim/iam/okta-oidc/user/authenticate/callback`]);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await slapd?.destroy();
    await oidc?.close();
  });

  it('adds a SAML IAM with every kind of setting, shows the URLs for the IdP, saves only what changed, shows a refusal', async () => {
    const tab = await harness.open();
    await tab.signIn();
    await addIam(tab, /^SAML/);
    const { page } = tab;
    // The built-in IAM always exists; the API creates no other.
    expect(await page.getByRole('radio', { name: /^Built-in/ }).isDisabled()).toBe(true);
    await fill(page, 'Display name', 'Okta SAML');
    await fill(page, 'IdP SSO URL (entry point)', idp.ssoUrl);
    await fill(page, 'IdP entity ID (issuer)', idp.entityId);
    await choose(page, 'AuthnRequest binding', 'HTTP POST');
    await fill(page, 'Clock skew (seconds)', '120');
    await fill(page, 'IdP signing certificate (PEM)', idp.signing.certificate);
    await toggle(page, 'Allow IdP-initiated login');
    await fill(page, 'Group attribute', 'groups');
    await fill(page, 'Signing certificate (PEM)', spKey.certificate);
    await fill(page, 'Signing private key (PEM)', spKey.key);
    await tick(page, 'Default permissions', 'Identity read');
    await page.getByRole('button', { name: 'Add group permission' }).click();
    await fill(page, 'Group 1', 'Admins');
    await tick(page, 'Permissions of group 1', 'User admin');
    await page.getByRole('button', { name: 'Add profile mapping' }).click();
    await fill(page, 'Source attribute 1', 'jobTitle');
    await toggle(page, 'Sync groups');
    await fill(page, 'External endpoint URL', 'https://hr.example.com/roster');
    await tab.expectAccessible();
    await tab.screenshot('iam-add-saml');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('heading', { name: 'Okta SAML', exact: true }).waitFor();
    expect(page.url()).toBe(`${harness.url}/console/iams/okta-saml`);
    const { iam } = await harness.gql(
      `{ iam(id: "okta-saml") { enabled defaultPermissions groupPermissions { group permissions } profileSchema { field source }
         syncGroups externalEndpoint { url timeoutMs } loginReadiness { ready }
         saml { entryPoint idpIssuer idpCertificate requestBinding clockSkewSeconds allowIdpInitiated groupAttribute
                signingCertificate hasSigningPrivateKey hasDecryptionPrivateKey userIdAttribute } } }`,
    );
    expect(iam).toMatchObject({
      enabled: true,
      defaultPermissions: ['IDENTITY_READ'],
      groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }],
      profileSchema: [{ field: 'title', source: 'jobTitle' }],
      syncGroups: true,
      externalEndpoint: { url: 'https://hr.example.com/roster', timeoutMs: 3000 },
      loginReadiness: { ready: true },
      saml: {
        entryPoint: idp.ssoUrl,
        idpIssuer: idp.entityId,
        requestBinding: 'POST',
        clockSkewSeconds: 120,
        allowIdpInitiated: true,
        groupAttribute: 'groups',
        hasSigningPrivateKey: true,
        hasDecryptionPrivateKey: false,
        userIdAttribute: 'nameID',
      },
    });
    expect(iam.saml.idpCertificate).toContain('BEGIN CERTIFICATE');
    expect(iam.saml.signingCertificate).toContain('BEGIN CERTIFICATE');

    // The write-only key is "set", never shown; the form holds no copy of it.
    await page.getByText('Set. Leave empty to keep it').waitFor();
    expect(await field(page, 'Signing private key (PEM)').inputValue()).toBe('');
    await tab.expectAccessible();

    // Editing sends only the field that changed.
    const sent: unknown[] = [];
    page.on('request', (request) => {
      const body = request.postDataJSON() as { operationName?: string; variables?: unknown } | null;
      if (request.url().endsWith('/graphql') && body?.operationName === 'UpdateIam') sent.push(body.variables);
    });
    await fill(page, 'Clock skew (seconds)', '30');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await status(page, 'Saved.');
    expect(sent).toEqual([{ id: 'okta-saml', input: { saml: { clockSkewSeconds: 30 } } }]);
    const after = await harness.gql('{ iam(id: "okta-saml") { saml { clockSkewSeconds hasSigningPrivateKey } } }');
    expect(after.iam.saml).toEqual({ clockSkewSeconds: 30, hasSigningPrivateKey: true });

    // A value the API refuses: its code and message, and nothing saved.
    await fill(page, 'Clock skew (seconds)', '9999');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('VALIDATION_FAILED');
    await tab.expectAccessible();

    // What to enter at the IdP, each with its copy button.
    await page.getByRole('tab', { name: 'Connection' }).click();
    for (const label of ['ACS URL (assertion consumer service)', 'SP entity ID (audience)', 'Single logout URL', 'SP metadata URL'])
      await page.getByRole('button', { name: `Copy ${label}` }).waitFor();
    await page.getByText(`${harness.url}/bim/iam/okta-saml/user/authenticate/callback`).waitFor();
    await page.getByText('Users can log in through this IAM.').waitFor();
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });

  it('adds an OIDC IAM by discovery, tests it, logs in as a test user, and shows the SCIM token exactly once', async () => {
    const tab = await harness.open();
    await tab.signIn();
    await addIam(tab, /^OpenID Connect/);
    const { page } = tab;
    await fill(page, 'Display name', 'Okta OIDC');
    await fill(page, 'Discovery URL', `${oidc.issuer}/.well-known/openid-configuration`);
    await fill(page, 'Client ID', oidc.clientId);
    await fill(page, 'Client secret', oidc.clientSecret);
    await fill(page, 'Scopes', 'openid email profile groups');
    await fill(page, 'Groups claim', 'groups');
    await toggle(page, 'Allow insecure (http) requests to the provider');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Okta OIDC', exact: true }).waitFor();
    const { iam } = await harness.gql(
      '{ iam(id: "okta-oidc") { oidc { discoveryUrl clientId hasClientSecret scopes groupsClaim allowInsecureRequests userIdClaim } } }',
    );
    expect(iam.oidc).toEqual({
      discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
      clientId: 'roster',
      hasClientSecret: true,
      scopes: ['openid', 'email', 'profile', 'groups'],
      groupsClaim: 'groups',
      allowInsecureRequests: true,
      userIdClaim: 'email',
    });

    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await status(page, 'Connection OK');
    const steps = page.getByRole('region', { name: 'Connection test result' }).getByRole('listitem');
    expect(await steps.count()).toBeGreaterThan(0);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Test User Login' }).click()]);
    await popup.getByRole('heading', { name: 'Test login succeeded', exact: true }).waitFor();
    expect(await popup.locator('#user-id').textContent()).toBe('ada@corp.com');
    await popup.close();

    // A test login with an unsaved change: the provider's answer read with the new claim; nothing saved.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await fill(page, 'User ID claim', 'name');
    const [draft] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Test User Login with these settings' }).click(),
    ]);
    await draft.getByRole('heading', { name: 'Test login succeeded' }).waitFor();
    expect(await draft.locator('#user-id').textContent()).toBe('Ada Lovelace');
    await draft.close();
    expect((await harness.gql('{ iam(id: "okta-oidc") { oidc { userIdClaim } } }')).iam.oidc.userIdClaim).toBe('email');

    // SCIM: on, the token shown this once.
    await page.getByRole('tab', { name: 'SCIM' }).click();
    await page.getByRole('button', { name: 'Enable SCIM' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const first = (await secret.textContent())!;
    expect(first).toMatch(/^rscim_/);
    await page.getByRole('button', { name: 'Copy SCIM bearer token' }).waitFor();
    await tab.expectAccessible();
    await tab.screenshot('iam-scim');
    const users = (token: string) =>
      fetch(`${harness.url}/scim/v2/okta-oidc/Users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await users(first)).toBe(200);

    await page.reload();
    await page.getByRole('tab', { name: 'SCIM' }).click();
    await page.getByText('A token is set; it is never shown again.').waitFor();
    expect(await secret.count()).toBe(0);

    await page.getByRole('button', { name: 'Regenerate token' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Regenerate' }).click();
    await secret.waitFor();
    const second = (await secret.textContent())!;
    expect(second).not.toBe(first);
    expect(await users(first)).toBe(401);
    expect(await users(second)).toBe(200);
    expect(tab.problems).toEqual([]);
  });

  it('adds an LDAP IAM, tests the connection step by step, syncs now and watches the run, then deletes it with its users', async () => {
    const tab = await harness.open();
    await tab.signIn();
    await addIam(tab, /^LDAP/);
    const { page } = tab;
    await fill(page, 'Display name', 'Directory');
    await fill(page, 'LDAP URL', slapd.url);
    await fill(page, 'Bind DN', slapd.adminDn);
    await fill(page, 'Bind password', slapd.adminPassword);
    await fill(page, 'User base DN', `ou=users,${SUFFIX}`);
    await fill(page, 'Group base DN', `ou=groups,${SUFFIX}`);
    await fill(page, 'Group filter', '(objectClass=groupOfUniqueNames)');
    await choose(page, 'Group membership schema', 'uniqueMember (groupOfUniqueNames)');
    await fill(page, 'Page size', '5');
    await fill(page, 'Schedule (cron)', '30 2 * * *');
    await fill(page, 'Deactivation limit (%)', '35');
    await toggle(page, 'Sync groups');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Directory', exact: true }).waitFor();
    const { iam } = await harness.gql(
      `{ iam(id: "directory") { syncGroups ldap { url bindDn hasBindPassword userBaseDn groupBaseDn groupFilter membership tlsVerify
         sync { enabled schedule pageSize pagingEnabled deactivationLimitPercent } } } }`,
    );
    expect(iam).toEqual({
      syncGroups: true,
      ldap: {
        url: slapd.url,
        bindDn: slapd.adminDn,
        hasBindPassword: true,
        userBaseDn: `ou=users,${SUFFIX}`,
        groupBaseDn: `ou=groups,${SUFFIX}`,
        groupFilter: '(objectClass=groupOfUniqueNames)',
        membership: 'UNIQUE_MEMBER',
        tlsVerify: true,
        sync: { enabled: false, schedule: '30 2 * * *', pageSize: 5, pagingEnabled: true, deactivationLimitPercent: 35 },
      },
    });

    // A refused value: the API's code.
    await fill(page, 'Deactivation limit (%)', '150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('VALIDATION_FAILED');

    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await status(page, 'Connection OK');
    const steps = page.getByRole('region', { name: 'Connection test result' }).getByRole('listitem');
    await steps.filter({ hasText: 'bind' }).filter({ hasText: 'ok' }).waitFor();
    await steps.filter({ hasText: 'user search' }).waitFor();
    await tab.expectAccessible();

    await page.getByRole('tab', { name: 'Directory sync' }).click();
    await page.getByText('No sync has run yet.').waitFor();
    await page.getByRole('button', { name: 'Sync now (full)' }).click();
    const live = page.getByRole('region', { name: 'Current sync run' });
    await live.getByText('Succeeded').waitFor();
    expect(await live.getByText('Users created').locator('xpath=following-sibling::dd[1]').textContent()).toBe('12');
    const history = page.getByRole('grid', { name: 'Run history' });
    await history.getByRole('row').filter({ hasText: '+12 created' }).filter({ hasText: 'Succeeded' }).waitFor();
    await tab.expectAccessible();
    await tab.screenshot('iam-ldap-sync');

    // The list, with one IAM of each kind.
    await page.getByRole('link', { name: 'Back to the IAMs' }).click();
    await page.getByRole('link', { name: 'Directory' }).waitFor();
    await tab.screenshot('iams');
    await page.getByRole('link', { name: 'Directory' }).click();

    // Deleting: refused while it has users, then with them.
    await page.getByRole('button', { name: 'Delete IAM' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByRole('alert').last().textContent()).toContain('still has 12 users');
    await choose(page, 'Its users', 'Delete them too');
    await page.getByRole('button', { name: 'Delete IAM' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Identity managers', exact: true }).waitFor();
    expect((await harness.gql('{ iam(id: "directory") { id } }')).iam).toBeNull();
    expect(tab.problems).toEqual([]);
  });

  it('shows why a sync failed, with its code, live and in the history', async () => {
    await harness.gql('mutation($input: CreateIamInput!) { createIam(input: $input) { iam { id } } }', {
      input: {
        ...oktaLdapIamInput(slapd, 'Unreachable'),
        ldap: { ...(oktaLdapIamInput(slapd, 'x')['ldap'] as object), url: 'ldap://127.0.0.1:1' },
      },
    });
    const tab = await harness.open('/console/iams/unreachable');
    await tab.signIn();
    const { page } = tab;
    await page.getByRole('tab', { name: 'Directory sync' }).click();
    await page.getByRole('button', { name: 'Sync now (delta)' }).click();
    const live = page.getByRole('region', { name: 'Current sync run' });
    await live.getByText('Failed', { exact: true }).waitFor();
    await live.getByText('CONNECTION_FAILED').waitFor();
    // The worker's scheduled run of this never-synced IAM may fail beside it: find the one asked for.
    await page
      .getByRole('grid', { name: 'Run history' })
      .getByRole('row')
      .filter({ hasText: 'CONNECTION_FAILED' })
      .filter({ hasNotText: 'Schedule' })
      .waitFor();
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });

  it('lists the IAMs; a viewer without APPLICATION_ADMIN reads settings locked, with no buttons that would fail', async () => {
    const admin = await harness.open();
    await admin.signIn();
    await admin.page.getByRole('link', { name: 'Okta SAML' }).waitFor();
    await admin.expectAccessible();

    const { createApiToken } = await harness.gql('mutation { createApiToken(name: "reader", permissions: [IDENTITY_READ]) { token } }');
    const tab = await harness.open('/console/iams/okta-saml');
    await tab.signIn(createApiToken.token);
    const { page } = tab;
    await page.getByRole('heading', { name: 'Okta SAML', exact: true }).waitFor();
    await page.getByText('Read-only: changing an IAM needs the APPLICATION_ADMIN permission.').waitFor();
    expect(await field(page, 'Display name').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete IAM' }).count()).toBe(0);
    await page.getByText('Signing private key (PEM):').waitFor();
    await tab.expectAccessible();
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Copy ACS URL (assertion consumer service)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Test Connection' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'SCIM' }).click();
    expect(await page.getByRole('button', { name: 'Enable SCIM' }).count()).toBe(0);
    await tab.expectAccessible();

    // A narrow window: the form and the URLs wrap instead of scrolling sideways.
    const narrow = await harness.open('/console/iams/okta-saml', { viewport: { width: 390, height: 800 } });
    await narrow.signIn();
    await narrow.page.getByRole('heading', { name: 'Okta SAML', exact: true }).waitFor();
    const overflow = () => narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await narrow.page.getByRole('tab', { name: 'Connection' }).click();
    await narrow.page.getByRole('button', { name: 'Copy SP metadata URL' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect([...admin.problems, ...tab.problems, ...narrow.problems]).toEqual([]);
  });
});
