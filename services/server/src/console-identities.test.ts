import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleHarness, type ConsoleHarness } from './testing/console-browser.ts';

// The Users and Groups pages against a real server: 30 built-in users, a SCIM-provisioned user of
// an IAM whose group permissions grant AUDIT to "Admins", and a built-in group of 12.
describe('Roster Console: users and groups in headless Chromium', () => {
  let harness: ConsoleHarness;
  let scimUserId: string;
  let engineeringId: string;
  let readToken: string;
  // The operator's ADMIN_TOKEN configures (APPLICATION_ADMIN); users and groups need USER_ADMIN.
  let adminToken: string;
  const gql = (query: string, variables?: Record<string, unknown>) => harness.gql(query, variables, adminToken);

  beforeAll(async () => {
    harness = await startConsoleHarness();
    adminToken = (await harness.gql('mutation { createApiToken(name: "admin", permissions: [APPLICATION_ADMIN, USER_ADMIN]) { token } }'))
      .createApiToken.token;
    const { createIam } = await gql(
      `mutation { createIam(input: { displayName: "Okta", type: SAML, scim: { enabled: true },
        settings: { groupPermissions: [{ group: "Admins", permissions: [AUDIT] }] } }) { scimToken } }`,
    );
    const post = await fetch(`${harness.url}/scim/v2/okta/Users`, {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json', authorization: `Bearer ${createIam.scimToken}` },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'ada@okta.example',
        displayName: 'Ada Lovelace',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [
          { value: 'ada@okta.example', type: 'work', primary: true },
          { value: 'ada@home.example', type: 'home' },
        ],
        active: true,
      }),
    });
    expect(post.status).toBe(201);
    const { users } = await gql('{ users(iamId: "okta", first: 1) { edges { node { id } } } }');
    scimUserId = users.edges[0].node.id;
    const { createGroup: admins } = await gql('mutation { createGroup(iamId: "okta", displayName: "Admins") { id } }');
    await gql('mutation($id: ID!, $u: [ID!]!) { addGroupMembers(id: $id, userIds: $u) { id } }', { id: admins.id, u: [scimUserId] });
    await gql('mutation($id: ID!) { setUserPermissions(id: $id, permissions: [IDENTITY_READ]) { id } }', { id: scimUserId });

    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const n = String(i).padStart(2, '0');
      const { createUser } = await gql('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', {
        input: { userName: `user${n}@corp.example`, displayName: `User ${n}`, emails: [{ value: `user${n}@corp.example`, primary: true }] },
      });
      ids.push(createUser.id);
    }
    for (const id of ids.slice(0, 3)) await gql('mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id });
    const { createGroup } = await gql('mutation { createGroup(displayName: "Engineering") { id } }');
    engineeringId = createGroup.id;
    await gql('mutation($id: ID!, $u: [ID!]!) { addGroupMembers(id: $id, userIds: $u) { id } }', {
      id: engineeringId,
      u: ids.slice(0, 12),
    });
    readToken = (await gql('mutation { createApiToken(name: "reader", permissions: [IDENTITY_READ]) { token } }')).createApiToken.token;
  }, 60_000);
  afterAll(() => harness?.close());

  const status = (page: Page) => page.locator('.result-count');
  const firstUserName = (page: Page) => page.getByRole('row').nth(1).getByRole('rowheader').textContent();

  it('searches, filters, sorts and pages users on the server, with the state in the URL', async () => {
    const tab = await harness.open('/console/users');
    await tab.signIn(adminToken);
    await expect.poll(() => status(tab.page).textContent()).toContain('31 users');
    await tab.expectAccessible();
    await tab.screenshot('users');

    await tab.page.getByRole('searchbox', { name: 'Search' }).fill('user0');
    await expect.poll(() => status(tab.page).textContent()).toContain('10 users');
    expect(tab.page.url()).toContain('q=user0');

    await tab.page.getByRole('button', { name: /Status/ }).click();
    await tab.page.getByRole('option', { name: 'Inactive', exact: true }).click();
    await expect.poll(() => status(tab.page).textContent()).toContain('3 users');
    await tab.page.reload();
    await expect.poll(() => status(tab.page).textContent()).toContain('3 users');
    expect(await tab.page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('user0');

    // Clear search and filter, then sort by user name descending and page.
    await tab.page.goto(`${harness.url}/console/users`);
    await expect.poll(() => status(tab.page).textContent()).toContain('31 users');
    expect(await firstUserName(tab.page)).toBe('ada@okta.example');
    await tab.page.getByRole('columnheader', { name: /User name/ }).click();
    await expect.poll(() => firstUserName(tab.page)).toBe('user29@corp.example');
    await tab.page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => firstUserName(tab.page)).toBe('user04@corp.example');
    await tab.page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => firstUserName(tab.page)).toBe('user29@corp.example');
    expect(tab.page.url()).toContain('dir=DESC');
    expect(tab.problems).toEqual([]);
  });

  it("shows a SCIM user's emails, groups, permissions and their sources, IdP-owned fields locked, and events", async () => {
    const tab = await harness.open('/console/users');
    await tab.signIn(adminToken);
    await tab.page.getByRole('link', { name: 'ada@okta.example' }).click();
    await tab.page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    const emails = tab.page.getByRole('list', { name: 'Emails' });
    await expect.poll(() => emails.textContent()).toContain('ada@home.example');
    expect(await tab.page.getByRole('list', { name: 'Groups' }).textContent()).toContain('Admins');
    const permissions = await tab.page.getByRole('list', { name: 'Effective permissions' }).textContent();
    expect(permissions).toContain("AuditFrom groups: Admins (Okta's group permissions)");
    expect(permissions).toContain('Identity readGranted directly');
    const userName = tab.page.getByRole('textbox', { name: 'User name', exact: true });
    expect(await userName.getAttribute('readonly')).not.toBeNull();
    expect(await tab.page.getByText('Owned by Okta: changes come from the identity provider').count()).toBeGreaterThan(0);
    // The location is no field the IdP owns: it stays editable.
    expect(await tab.page.getByRole('textbox', { name: 'Location' }).getAttribute('readonly')).toBeNull();
    const events = tab.page.getByRole('list', { name: 'Events' });
    await expect.poll(() => events.textContent()).toContain('User created');
    expect(await events.textContent()).toContain('By SCIM:okta');
    await expect.poll(() => tab.page.getByText('"userName": "ada@okta.example"').count()).toBe(1);
    await tab.expectAccessible();
    await tab.screenshot('user-detail');
    expect(tab.problems).toEqual([]);
  });

  it('edits a built-in user: profile, direct permissions, attributes, deactivation', async () => {
    const tab = await harness.open('/console/users?q=user10');
    await tab.signIn(adminToken);
    await tab.page.getByRole('link', { name: 'user10@corp.example' }).click();
    await tab.page.getByRole('heading', { name: 'User 10' }).waitFor();
    await tab.page.getByRole('textbox', { name: 'Display name' }).fill('Grace Hopper');
    await tab.page.getByRole('button', { name: 'Save profile' }).click();
    await tab.page.getByRole('heading', { name: 'Grace Hopper' }).waitFor();

    await tab.page.getByRole('button', { name: 'Edit direct permissions' }).click();
    await tab.page.getByRole('checkbox', { name: 'Audit' }).click({ force: true });
    await tab.page.getByRole('button', { name: 'Save permissions' }).click();
    await expect.poll(() => tab.page.getByRole('list', { name: 'Effective permissions' }).textContent()).toContain('AuditGranted directly');

    await tab.page.getByRole('textbox', { name: 'Attribute name' }).fill('hr.department');
    await tab.page.getByRole('textbox', { name: 'Values' }).fill('R&D, Ops');
    await tab.page.getByRole('button', { name: 'Set attribute' }).click();
    await tab.page.getByText('R&D, Ops').waitFor();

    await tab.page.getByRole('button', { name: 'Deactivate' }).click();
    await tab.page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
    await tab.page.getByRole('button', { name: 'Reactivate' }).waitFor();
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });

  it('creates a built-in user through the form', async () => {
    const tab = await harness.open('/console/users');
    await tab.signIn(adminToken);
    await tab.page.getByRole('link', { name: 'Create user' }).click();
    await tab.page.getByRole('textbox', { name: 'User name' }).fill('new.person@corp.example');
    await tab.page.getByRole('textbox', { name: 'Display name' }).fill('New Person');
    await tab.expectAccessible();
    await tab.page.getByRole('button', { name: 'Create user' }).click();
    await tab.page.getByRole('heading', { name: 'New Person' }).waitFor();
    expect(tab.problems).toEqual([]);
  });

  it('lists groups, pages members and adds one found by search', async () => {
    const tab = await harness.open('/console/groups');
    await tab.signIn(adminToken);
    await expect.poll(() => status(tab.page).textContent()).toContain('2 groups');
    await tab.expectAccessible();
    await tab.screenshot('groups');
    await tab.page.getByRole('link', { name: 'Engineering' }).click();
    await tab.page.getByRole('heading', { name: 'Engineering' }).waitFor();
    const members = tab.page.getByRole('list', { name: 'Members' });
    await expect.poll(() => members.getByRole('listitem').count()).toBe(10);
    await tab.page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => members.getByRole('listitem').count()).toBe(2);
    await tab.page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => members.getByRole('listitem').count()).toBe(10);

    await tab.page.getByRole('searchbox', { name: 'Find users to add' }).fill('user25');
    await tab.page.getByRole('button', { name: 'Add user25@corp.example' }).click();
    await expect.poll(() => tab.page.locator('dl.facts').first().textContent()).toContain('Members13');
    await tab.expectAccessible();

    await tab.page.goto(`${harness.url}/console/groups?q=adm`);
    await expect.poll(() => status(tab.page).textContent()).toContain('1 group');
    await tab.page.getByRole('link', { name: 'Admins' }).click();
    await expect.poll(() => tab.page.getByRole('list', { name: 'Permissions of its members' }).textContent()).toContain('Audit');
    expect(tab.problems).toEqual([]);
  });

  it('shows a reader (IDENTITY_READ) no edits', async () => {
    const tab = await harness.open('/console/users');
    await tab.signIn(readToken);
    await expect.poll(() => status(tab.page).textContent()).toContain('users');
    expect(await tab.page.getByRole('link', { name: 'Create user' }).count()).toBe(0);
    await tab.page.goto(`${harness.url}/console/users/${encodeURIComponent(scimUserId)}`);
    await tab.page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    for (const name of ['Deactivate', 'Save profile', 'Edit direct permissions', 'Set attribute'])
      expect(await tab.page.getByRole('button', { name }).count()).toBe(0);
    expect(await tab.page.getByText('What the identity provider sent').count()).toBe(0);
    await tab.page.goto(`${harness.url}/console/groups/${encodeURIComponent(engineeringId)}`);
    await tab.page.getByRole('heading', { name: 'Engineering' }).waitFor();
    for (const name of ['Delete group', 'Rename']) expect(await tab.page.getByRole('button', { name }).count()).toBe(0);
    expect(await tab.page.getByRole('searchbox', { name: 'Find users to add' }).count()).toBe(0);
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });
});
