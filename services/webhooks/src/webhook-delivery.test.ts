import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeEventCursor, isRosterError, type Iam } from '@roster/core';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase, type TestRoster } from '@roster/db/testing';
import { startWebhookReceiver, verifyWebhook } from './testing/index.ts';
import { createWebhookPinger, createWebhookWorker, type WebhookWorker } from './webhook-worker.ts';

// Retries shortened from Svix's hours to milliseconds; everything else as in production.
const RETRY_SCHEDULE_MS = [0, 100, 100, 100, 100];

describe('webhook delivery (PGlite, a real HTTP receiver on loopback)', () => {
  let db: TestDatabase;
  let roster: TestRoster;
  let iam: Iam;
  let other: Iam;
  const cleanups: (() => Promise<void>)[] = [];
  let n = 0;

  beforeAll(async () => {
    db = await createPgliteTestDatabase();
    roster = await createTestRoster(db, { webhooks: { retryScheduleMs: RETRY_SCHEDULE_MS } });
    iam = (await roster.createIam({ displayName: 'Okta', type: 'SAML', scim: { enabled: true } })).iam;
    other = (await roster.createIam({ displayName: 'Entra', type: 'SAML', scim: { enabled: true } })).iam;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    for (const endpoint of await roster.webhookEndpoints()) await roster.deleteWebhookEndpoint(endpoint.id);
  });
  afterAll(async () => db?.close());

  const receiver = async (options: Parameters<typeof startWebhookReceiver>[0] = {}) => {
    const started = await startWebhookReceiver(options);
    cleanups.push(() => started.close());
    return started;
  };
  const worker = async (options: Partial<Parameters<typeof createWebhookWorker>[0]> = {}): Promise<WebhookWorker> => {
    const started = createWebhookWorker({ roster, pollMs: 50, ...options });
    await started.start();
    cleanups.push(() => started.stop());
    return started;
  };
  const createUsers = async (count: number, iamId = iam.id) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await roster.createUser(iamId, { userName: `user${++n}@example.com` }, 'SCIM')).id);
    return ids;
  };
  const userIdsOf = (received: readonly { json: { data: Record<string, unknown> } }[]) =>
    received.map((entry) => (entry.json.data['event'] as { subjectId: string }).subjectId);

  it('delivers 50 creates signed, in commit order, each once', async () => {
    const hooks = await receiver();
    const { endpoint, secret } = await roster.createWebhookEndpoint({ url: hooks.url, types: ['USER_CREATED'] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint.secret).not.toContain(secret.slice(6));
    await worker();
    const ids = await createUsers(50);

    const got = await hooks.waitForAccepted(50);
    expect(userIdsOf(got)).toEqual(ids);
    for (const webhook of got) expect(() => verifyWebhook(secret, webhook)).not.toThrow();
    const first = got[0]!;
    expect(first.json).toMatchObject({ type: 'user.created', data: { event: { type: 'USER_CREATED', iamId: iam.id } } });
    expect(first.headers['webhook-id']).toMatch(/^msg_evt_\d+$/);
    const seqs = got.map((webhook) => decodeEventCursor(webhook.json.cursor!));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(got.map((webhook) => webhook.headers['webhook-id'])).size).toBe(50);
    // Nothing more arrives: each was delivered once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(50);
    const history = await roster.webhookDeliveries(endpoint.id, { limit: 100 });
    expect(history).toHaveLength(50);
    expect(history.every((attempt) => attempt.status === 204 && attempt.attempt === 1)).toBe(true);
  });

  it('retries a failing delivery with the same id, and nothing overtakes it', async () => {
    let failures = 0;
    const hooks = await receiver({ answer: ({ index }) => (index >= 9 && failures < 3 ? (failures++, 503) : 200) });
    const { endpoint } = await roster.createWebhookEndpoint({ url: hooks.url, types: ['USER_CREATED'] });
    await worker();
    const ids = await createUsers(15);

    await hooks.waitForAccepted(15);
    const tenth = hooks.received.slice(9, 13);
    expect(tenth.map((entry) => entry.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(tenth.map((entry) => entry.headers['webhook-id'])).size).toBe(1);
    expect(userIdsOf(hooks.accepted())).toEqual(ids);
    const history = await roster.webhookDeliveries(endpoint.id, { limit: 100 });
    const tries = history.filter((attempt) => attempt.messageId === tenth[0]!.headers['webhook-id']);
    expect(tries.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [4, 200],
      [3, 503],
      [2, 503],
      [1, 503],
    ]);
    expect(tries[1]!.response).toBe('refused with 503');
    expect(await roster.webhookEndpoint(endpoint.id)).toMatchObject({ failedAttempts: 0, failingSince: null });
  });

  it('gets a receiver that was down everything once it is back', async () => {
    const first = await startWebhookReceiver();
    const { port, url } = first;
    await first.close();
    await roster.createWebhookEndpoint({ url, types: ['USER_CREATED'] });
    await worker();
    const ids = await createUsers(5);
    await new Promise((resolve) => setTimeout(resolve, 400));

    const back = await receiver({ port });
    const got = await back.waitForAccepted(5);
    expect(userIdsOf(got)).toEqual(ids);
  });

  it("carries each event's origin and its subject as it was, and skips the origins an endpoint excludes", async () => {
    const hooks = await receiver();
    const app = { kind: 'API_TOKEN', apiTokenId: 'warehouse-app' } as const;
    await roster.createWebhookEndpoint({
      url: hooks.url,
      excludeOrigins: ['API_TOKEN:warehouse-app'],
      types: ['USER_CREATED', 'MEMBERSHIP_ADDED'],
    });
    await worker();
    await roster.withOrigin(app, () => createUsers(1));
    const user = await roster.withOrigin({ kind: 'SCIM', iamId: iam.id, scimTokenId: 'abc123abc123' }, () =>
      roster.createUser(
        iam.id,
        { userName: `subject${++n}@example.com`, emails: [{ value: `subject${n}@example.com`, primary: true }] },
        'SCIM',
      ),
    );
    const group = await roster.createGroup(iam.id, { displayName: `readers${n}` });
    await roster.addMembers(group.id, [user.id]);
    await roster.updateUser(user.id, { displayName: 'Changed later' }, { actor: 'IDP' });

    const [created, added] = await hooks.waitForAccepted(2);
    expect(created!.json.data).toMatchObject({
      event: { type: 'USER_CREATED', origin: { kind: 'SCIM', iamId: iam.id, scimTokenId: 'abc123abc123' } },
      user: { id: user.id, displayName: null, emails: [{ value: user.userName, primary: true }], groups: [] },
    });
    expect(added!.json).toMatchObject({
      type: 'membership.added',
      data: { group: { id: group.id, memberCount: 1 }, event: { origin: { kind: 'SYSTEM' } } },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(2);
  });

  it('lets no slow endpoint delay another, and fails a try that gets no answer in time', async () => {
    const slow = await receiver({ answer: () => new Promise((resolve) => setTimeout(() => resolve(204), 1_500)) });
    const fast = await receiver();
    const { endpoint: slowEndpoint } = await roster.createWebhookEndpoint({ url: slow.url, types: ['USER_CREATED'] });
    await roster.createWebhookEndpoint({ url: fast.url, types: ['USER_CREATED'] });
    await worker({ timeoutMs: 1_000 });
    const ids = await createUsers(5);

    const got = await fast.waitForAccepted(5, 1_400);
    expect(userIdsOf(got)).toEqual(ids);
    await expect
      .poll(async () => (await roster.webhookDeliveries(slowEndpoint.id, { limit: 10 })).length, { timeout: 5_000 })
      .toBeGreaterThan(0);
    const [timedOut] = await roster.webhookDeliveries(slowEndpoint.id, { limit: 10 });
    expect(timedOut).toMatchObject({ status: null, error: 'no answer within 1000 ms', attempt: 1 });
  });

  it('sends only the IAM and types an endpoint asked for', async () => {
    const hooks = await receiver();
    await roster.createWebhookEndpoint({ url: hooks.url, iamId: other.id, types: ['USER_DEACTIVATED'] });
    await worker();
    const [mine] = await createUsers(1, iam.id);
    const [theirs] = await createUsers(1, other.id);
    await roster.deactivateUser(mine!);
    await roster.deactivateUser(theirs!);

    const [only] = await hooks.waitForAccepted(1);
    expect(only!.json).toMatchObject({ type: 'user.deactivated', data: { event: { subjectId: theirs, iamId: other.id } } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toHaveLength(1);
  });

  it('replays from a cursor, in order, with the original ids', async () => {
    const hooks = await receiver();
    const { endpoint } = await roster.createWebhookEndpoint({ url: hooks.url, types: ['USER_CREATED'] });
    await worker();
    const ids = await createUsers(4);
    const got = await hooks.waitForAccepted(4);

    await roster.replayWebhookEndpoint(endpoint.id, got[1]!.json.cursor!);
    const again = (await hooks.waitForAccepted(6)).slice(4);
    expect(userIdsOf(again)).toEqual(ids.slice(2));
    expect(again.map((entry) => entry.headers['webhook-id'])).toEqual(got.slice(2).map((entry) => entry.headers['webhook-id']));
    await expect(roster.replayWebhookEndpoint(endpoint.id, 'nonsense')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('signs with the old and the new secret during a rotation, then with the new one only', async () => {
    const hooks = await receiver();
    const { endpoint, secret: oldSecret } = await roster.createWebhookEndpoint({ url: hooks.url, types: ['USER_CREATED'] });
    await worker();
    const { secret: newSecret } = await roster.rotateWebhookSecret(endpoint.id, 3600);
    expect(newSecret).not.toBe(oldSecret);
    await createUsers(1);
    const [during] = await hooks.waitForAccepted(1);
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => verifyWebhook(newSecret, during!)).not.toThrow();
    expect(() => verifyWebhook(oldSecret, during!)).not.toThrow();

    const { secret: third } = await roster.rotateWebhookSecret(endpoint.id, 0);
    await createUsers(1);
    const after = (await hooks.waitForAccepted(2))[1]!;
    expect(() => verifyWebhook(third, after)).not.toThrow();
    expect(() => verifyWebhook(newSecret, after)).toThrow();
  });

  it('disables an endpoint that fails every try for the whole window, with an event saying so', async () => {
    const hooks = await receiver({ answer: () => 500 });
    const quick = await createTestRoster(db, { webhooks: { retryScheduleMs: [0, 50, 50, 50, 50, 50, 50, 50, 50], disableAfterMs: 300 } });
    const { endpoint } = await quick.createWebhookEndpoint({ url: hooks.url, types: ['USER_CREATED'] });
    const started = createWebhookWorker({ roster: quick, pollMs: 50 });
    await started.start();
    cleanups.push(() => started.stop());
    await createUsers(1);

    await expect.poll(async () => (await quick.webhookEndpoint(endpoint.id))?.enabled, { timeout: 10_000 }).toBe(false);
    const disabled = await quick.webhookEndpoint(endpoint.id);
    expect(disabled?.disabledReason).toMatch(/Every try failed since .* \(last: HTTP 500\)/);
    const events = await quick.events.readAfter({ after: 0, types: ['WEBHOOK_ENDPOINT_DISABLED'], limit: 10 });
    expect(events.map((event) => event.subjectId)).toContain(endpoint.id);
    const tries = hooks.received.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received.length).toBe(tries);

    // Enabled again, it resumes with the event it stopped at.
    const fixed = await receiver();
    await quick.updateWebhookEndpoint(endpoint.id, { url: fixed.url, enabled: true });
    const [resumed] = await fixed.waitForAccepted(1);
    expect(resumed!.headers['webhook-id']).toBe(hooks.received[0]!.headers['webhook-id']);
  });

  it('pings an endpoint on demand and keeps the try in its history', async () => {
    const hooks = await receiver();
    const { endpoint, secret } = await roster.createWebhookEndpoint({ url: hooks.url });
    const pinger = createWebhookPinger({ roster });
    cleanups.push(() => pinger.close());
    const attempt = await pinger.ping(endpoint);
    expect(attempt).toMatchObject({ type: 'webhook.ping', status: 204, eventSeq: null, error: null });
    const [ping] = hooks.received;
    expect(ping!.json).toMatchObject({ type: 'webhook.ping', data: { endpointId: endpoint.id } });
    expect(() => verifyWebhook(secret, ping!)).not.toThrow();
    expect(await roster.webhookDeliveries(endpoint.id, { limit: 10 })).toEqual([attempt]);
  });

  it('refuses link-local and metadata addresses always, private ones under WEBHOOK_DENY_PRIVATE, and follows no redirect', async () => {
    const refused = async (work: Promise<unknown>) => {
      const error = await work.then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isRosterError(error) && error.code).toBe('WEBHOOK_URL_REFUSED');
    };
    await refused(roster.createWebhookEndpoint({ url: 'http://169.254.169.254/latest/meta-data/' }));
    await refused(roster.createWebhookEndpoint({ url: 'http://[fe80::1]/hooks' }));
    await refused(roster.createWebhookEndpoint({ url: 'http://[fd00:ec2::254]/' }));
    await refused(roster.createWebhookEndpoint({ url: 'http://[::ffff:169.254.169.254]/' }));
    await refused(roster.createWebhookEndpoint({ url: 'ftp://example.com/hooks' }));
    await refused(roster.createWebhookEndpoint({ url: 'https://user:pass@example.com/hooks' }));

    const strict = await createTestRoster(db, { webhooks: { denyPrivate: true } });
    await refused(strict.createWebhookEndpoint({ url: 'http://10.1.2.3/hooks' }));
    await refused(strict.createWebhookEndpoint({ url: 'http://127.0.0.1:9/hooks' }));
    // A name is checked where it resolves, when the connection is made.
    const hooks = await receiver();
    const { endpoint } = await strict.createWebhookEndpoint({ url: `http://localhost:${hooks.port}/hooks`, types: ['USER_CREATED'] });
    const strictPinger = createWebhookPinger({ roster: strict });
    const ping = await strictPinger.ping(endpoint);
    await strictPinger.close();
    expect(ping.status).toBeNull();
    expect(ping.error).toMatch(/refused for localhost: .*loopback/);
    expect(hooks.received).toHaveLength(0);

    const redirecting = await receiver({ answer: () => 302 });
    const { endpoint: moved } = await roster.createWebhookEndpoint({ url: redirecting.url });
    const pinger = createWebhookPinger({ roster });
    cleanups.push(() => pinger.close());
    const attempt = await pinger.ping(moved);
    expect(attempt).toMatchObject({ status: 302, error: 'HTTP 302' });
    expect(redirecting.received).toHaveLength(1);
  });
});
