import { describe, expect, it } from 'vitest';
import { afterFailedTry } from './webhook-retry.ts';
import type { WebhookEndpoint } from './webhook-model.ts';

const policy = { scheduleMs: [0, 5_000, 300_000], disableAfterMs: 86_400_000 };
const endpoint = (over: Partial<WebhookEndpoint> = {}) =>
  ({ cursor: 10, failedAttempts: 0, failingSince: null, ...over }) as WebhookEndpoint;
const now = new Date('2026-12-03T12:00:00Z');

describe('afterFailedTry', () => {
  it('retries the same event after the next delay of the schedule, and remembers since when it fails', () => {
    expect(afterFailedTry(endpoint(), 11, now, policy)).toEqual({
      kind: 'RETRY',
      progress: { cursor: 10, failedAttempts: 1, retryAt: new Date(now.getTime() + 5_000), failingSince: now },
    });
    const second = afterFailedTry(endpoint({ failedAttempts: 1, failingSince: new Date(now.getTime() - 5_000) }), 11, now, policy);
    expect(second).toMatchObject({ kind: 'RETRY', progress: { failedAttempts: 2, retryAt: new Date(now.getTime() + 300_000) } });
  });

  it('gives the event up once the schedule is spent: the cursor passes it, the endpoint stays failing', () => {
    const since = new Date(now.getTime() - 305_000);
    expect(afterFailedTry(endpoint({ failedAttempts: 2, failingSince: since }), 11, now, policy)).toEqual({
      kind: 'GIVE_UP',
      progress: { cursor: 11, failedAttempts: 0, retryAt: null, failingSince: since },
    });
  });

  it('disables an endpoint that has failed every try for the whole window', () => {
    const since = new Date(now.getTime() - 86_400_000);
    expect(afterFailedTry(endpoint({ failedAttempts: 1, failingSince: since }), 11, now, policy)).toEqual({
      kind: 'DISABLE',
      failingSince: since,
    });
  });
});
