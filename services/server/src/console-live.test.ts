import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '@roster/webhooks/testing';
import { startConsoleHarness, type ConsoleHarness, type ConsolePage } from './testing/console-browser.ts';

/**
 * A TCP relay in front of the server, so that the browser's connections can really be cut (a
 * reset, as when a network drops) and refused for a while; Chromium's offline emulation leaves an
 * open WebSocket open (it only stops delivering frames), so it cannot show a reconnect.
 */
async function startRelay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.resetAndDestroy();
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const end = () => {
      for (const socket of [client, upstream]) {
        sockets.delete(socket);
        socket.destroy();
      }
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resets every open connection and refuses new ones until `restore`. */
    drop() {
      refusing = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      refusing = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// What a dropped and refused connection makes Chromium log while it is down: expected here.
const expectedOutage = (problem: string) => /WebSocket connection to .* failed|ERR_CONNECTION_(RESET|REFUSED)/.test(problem);

describe('Roster Console live pages in headless Chromium: events, API tokens, webhooks', () => {
  let harness: ConsoleHarness;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let receiver: WebhookReceiver;
  let iamId: string;
  let scimToken: string;
  beforeAll(async () => {
    // Loopback webhook URLs are allowed unless WEBHOOK_DENY_PRIVATE=true (the default is false).
    harness = await startConsoleHarness({ WEBHOOK_DENY_PRIVATE: 'false' });
    relay = await startRelay(harness.url);
    receiver = await startWebhookReceiver();
    const created = await harness.gql<{ createIam: { iam: { id: string }; scimToken: string } }>(
      'mutation { createIam(input: { displayName: "Okta Live", type: SAML, scim: { enabled: true } }) { iam { id } scimToken } }',
    );
    iamId = created.createIam.iam.id;
    scimToken = created.createIam.scimToken;
  });
  afterAll(async () => {
    await harness?.close();
    await relay?.close();
    await receiver?.close();
  });

  const provision = async (userName: string) => {
    const response = await fetch(`${harness.url}/scim/v2/${iamId}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        emails: [{ value: userName, primary: true }],
      }),
    });
    expect(response.status).toBe(201);
  };
  const feedStatus = (tab: ConsolePage, text: string) => tab.page.getByRole('status').getByText(text, { exact: true });
  const rows = (tab: ConsolePage) => tab.page.locator('tbody tr');

  it('Events: shows the recent history, then SCIM users live, filters by type and IAM, and resumes after a dropped connection with every event once', async () => {
    const tab = await harness.open();
    // The feed's subscribe messages, as sent on each socket.
    const subscribes: { after: string | null; types: string[] | null }[] = [];
    tab.page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { query: string; variables: any } };
        if (message.type === 'subscribe' && message.payload?.query.includes('provisioningEvents'))
          subscribes.push(message.payload.variables);
      }),
    );
    await tab.page.goto(`${relay.url}/console/events`);
    await tab.signIn();
    await tab.page.getByRole('heading', { name: 'Events' }).waitFor();
    await feedStatus(tab, 'Live').waitFor();
    // History: the IAM created before the page opened.
    await rows(tab).filter({ hasText: 'Iam created' }).filter({ hasText: 'Okta Live' }).first().waitFor();
    await tab.expectAccessible();

    await provision('ada@corp.example');
    const ada = tab.page.getByRole('link', { name: 'ada@corp.example' });
    await ada.waitFor();
    // The subject links to the user's page by its node ID, not the raw subjectId.
    const users = await harness.gql<{ users: { edges: { node: { id: string } }[] } }>(
      `{ users(iamId: "${iamId}", first: 5) { edges { node { id } } } }`,
    );
    expect(await ada.getAttribute('href')).toBe(`/console/users/${encodeURIComponent(users.users.edges[0]!.node.id)}`);
    const adaRow = rows(tab).filter({ has: ada });
    await expect.poll(() => adaRow.textContent()).toContain(`SCIM:${iamId}`);
    await adaRow.getByText('Changes').click();
    await expect.poll(() => adaRow.locator('pre').textContent()).toContain('"userName": "ada@corp.example"');

    // Filter by type: the feed restarts with only user creations.
    await tab.page.getByText('Types: all').click();
    await tab.page.getByRole('checkbox', { name: 'User created' }).check({ force: true }); // the input is visually hidden under its React Aria box
    await feedStatus(tab, 'Live').waitFor();
    await ada.waitFor();
    await expect.poll(() => rows(tab).filter({ hasText: 'Iam created' }).count()).toBe(0);

    // The connection drops for real and is refused while three more users are provisioned.
    const before = await harness.gql<{ events: { edges: { cursor: string }[] } }>(
      '{ events(types: [USER_CREATED], last: 1) { edges { cursor } } }',
    );
    const sentBefore = subscribes.length;
    relay.drop();
    await feedStatus(tab, 'Reconnecting…').waitFor();
    const offline = ['bo@corp.example', 'cy@corp.example', 'di@corp.example'];
    for (const userName of offline) await provision(userName);
    relay.restore();
    await feedStatus(tab, 'Live').waitFor({ timeout: 20_000 });
    for (const userName of offline) await tab.page.getByRole('link', { name: userName }).waitFor();
    // It resumed from the last event it had shown, not from where the subscription first started.
    const resumed = subscribes.slice(sentBefore);
    expect(resumed.length).toBeGreaterThan(0);
    for (const variables of resumed)
      expect(variables).toEqual({ after: before.events.edges[0]!.cursor, iamId: null, types: ['USER_CREATED'] });
    await provision('ed@corp.example');
    await tab.page.getByRole('link', { name: 'ed@corp.example' }).waitFor();

    // Every user creation of the log, exactly once, newest first.
    const logged = await harness.gql<{ events: { edges: { node: { sequence: number } }[] } }>(
      '{ events(types: [USER_CREATED], last: 100) { edges { node { sequence } } } }',
    );
    const expected = logged.events.edges.map((edge) => String(edge.node.sequence)).reverse();
    expect(expected).toHaveLength(5);
    const shown = await rows(tab).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-sequence')));
    expect(shown).toEqual(expected);
    for (const userName of ['ada@corp.example', ...offline, 'ed@corp.example'])
      expect(await tab.page.getByRole('link', { name: userName }).count()).toBe(1);

    await tab.expectAccessible();
    await tab.page.getByText(/Types: User created/).click(); // fold the type list for the picture
    await tab.screenshot('events');

    // Filter by IAM: the built-in IAM's feed has none of Okta's users.
    await tab.page.getByRole('button', { name: /^All IAMs/ }).click();
    await tab.page.getByRole('option', { name: 'Built-in' }).click();
    await feedStatus(tab, 'Live').waitFor();
    await expect.poll(() => tab.page.getByRole('link', { name: 'ada@corp.example' }).count()).toBe(0);
    expect(tab.problems.filter((problem) => !expectedOutage(problem))).toEqual([]);
  });

  it('API tokens: create one (shown once, works as a bearer), readers do not see the page, revoke stops it', async () => {
    const tab = await harness.open();
    await tab.signIn();
    await tab.page.getByRole('link', { name: 'API tokens' }).click();
    await tab.page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await tab.expectAccessible();
    await tab.page.getByLabel('Name').fill('HR audit job');
    await tab.page.getByRole('checkbox', { name: 'Audit' }).check({ force: true }); // the input is visually hidden under its React Aria box
    await tab.page.getByRole('button', { name: 'Create token' }).click();
    const secret = tab.page.getByTestId('secret-value');
    const token = (await secret.textContent())!;
    expect(token.length).toBeGreaterThan(20);
    const viewer = async () => {
      const response = await fetch(`${harness.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ viewer { permissions } }' }),
      });
      return (await response.json()) as { data?: { viewer: { permissions: string[] } }; errors?: { extensions: { code: string } }[] };
    };
    expect((await viewer()).data?.viewer.permissions).toEqual(['AUDIT']);
    const row = tab.page.getByRole('row').filter({ hasText: 'HR audit job' });
    await expect.poll(() => row.textContent()).toContain('Active');
    await tab.screenshot('api-tokens');

    // A reader signed in with it sees Events but neither API tokens nor Webhooks.
    const reader = await harness.open();
    await reader.signIn(token);
    const nav = reader.page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Events' }).waitFor();
    expect(await nav.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    expect(reader.problems).toEqual([]);
    await reader.close();

    await tab.page.getByRole('button', { name: 'Revoke HR audit job' }).click();
    await tab.page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await viewer()).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    // Shown once: a reload shows the token's row, never the token.
    await tab.page.reload();
    await row.waitFor();
    expect(await tab.page.getByTestId('secret-value').count()).toBe(0);
    expect(await tab.page.content()).not.toContain(token);
    expect(tab.problems).toEqual([]);
  });

  it('Webhooks: create one (secret once), send a test that the receiver answers, rotate, replay, refuse a metadata URL with its code, disable, delete', async () => {
    const tab = await harness.open();
    await tab.signIn();
    await tab.page.getByRole('link', { name: 'Webhooks' }).click();
    await tab.page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await tab.expectAccessible();

    await tab.page.getByLabel('URL').fill('http://169.254.169.254/latest');
    await tab.page.getByRole('button', { name: 'Create endpoint' }).click();
    await expect.poll(() => tab.page.getByRole('alert').textContent()).toContain('WEBHOOK_URL_REFUSED');

    await tab.page.getByLabel('URL').fill(receiver.url);
    await tab.page.getByLabel('Description').fill('HR data lake');
    await tab.page.getByRole('button', { name: 'Create endpoint' }).click();
    const secret = (await tab.page.getByTestId('secret-value').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    const row = tab.page.getByRole('row').filter({ hasText: receiver.url });
    await expect.poll(() => row.textContent()).toContain('Enabled');
    await tab.expectAccessible();
    await tab.screenshot('webhooks');

    await row.getByRole('link', { name: receiver.url }).click();
    await tab.page.getByRole('heading', { name: receiver.url }).waitFor();
    await tab.page.getByRole('button', { name: 'Send test' }).click();
    const result = tab.page.locator('.test-result');
    await expect.poll(() => result.textContent()).toContain('204 OK');
    expect(receiver.received.map((request) => request.json.type)).toContain('webhook.ping');
    await expect.poll(() => tab.page.getByRole('row').filter({ hasText: 'webhook.ping' }).count()).toBeGreaterThan(0);
    await tab.expectAccessible();
    await tab.screenshot('webhook');

    await tab.page.getByRole('button', { name: 'Rotate secret' }).click();
    await tab.page.getByRole('alertdialog').getByRole('button', { name: 'Rotate' }).click();
    const rotated = (await tab.page.getByTestId('secret-value').textContent())!;
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);

    // Replay from the start of the log: the users provisioned before the endpoint existed arrive.
    const first = await harness.gql<{ events: { edges: { cursor: string }[] } }>('{ events(first: 1) { edges { cursor } } }');
    await tab.page.getByLabel('After event cursor').fill(first.events.edges[0]!.cursor);
    await tab.page.getByRole('button', { name: 'Replay' }).click();
    await tab.page.getByText(`Replaying from ${first.events.edges[0]!.cursor}`).waitFor();
    await expect
      .poll(
        () =>
          receiver
            .accepted()
            .some((request) => request.json.type === 'user.created' && JSON.stringify(request.json.data).includes('ada@corp.example')),
        { timeout: 15_000 },
      )
      .toBe(true);

    await tab.page.getByRole('button', { name: 'Disable' }).click();
    await tab.page.getByRole('button', { name: 'Enable' }).waitFor();

    await tab.page.getByRole('button', { name: 'Delete endpoint' }).click();
    await tab.page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await tab.page.getByText('No webhook endpoints yet.').waitFor();
    expect(tab.problems).toEqual([]);
  });
  it('the live pages fit a narrow window', async () => {
    const tab = await harness.open('/console/', { viewport: { width: 390, height: 800 } });
    await tab.signIn();
    for (const [path, heading] of [
      ['/console/events', 'Events'],
      ['/console/api-tokens', 'API tokens'],
      ['/console/webhooks', 'Webhooks'],
    ] as const) {
      await tab.page.goto(`${harness.url}${path}`);
      await tab.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    expect(tab.problems).toEqual([]);
  });
});
