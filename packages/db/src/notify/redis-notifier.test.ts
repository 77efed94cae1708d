import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freePort } from '../testing/free-port.ts';
import { startRedisServer } from '../testing/redis-server.ts';
import { createRedisNotifier } from './redis-notifier.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const answers = (ping: () => Promise<void>) =>
  ping().then(
    () => true,
    () => false,
  );

describe('Redis notifier (real Redis)', () => {
  it('tells listeners of other processes, once, and its own listeners at once', async () => {
    const channel = `roster:test:${randomUUID()}`;
    const [a, b] = await Promise.all([createRedisNotifier(REDIS_URL, { channel }), createRedisNotifier(REDIS_URL, { channel })]);
    try {
      const heardByA: number[] = [];
      const heardByB: number[] = [];
      a.subscribe((seq) => heardByA.push(seq));
      const arrived = new Promise<void>((resolve) => b.subscribe((seq) => (heardByB.push(seq), seq === 43 && resolve())));
      a.publish(42);
      a.publish(43);
      await arrived;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heardByA).toEqual([42, 43]);
      expect(heardByB).toEqual([42, 43]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('starts without a reachable Redis, says so once, serves its own listeners, and reaches other processes once Redis is up', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const errors: unknown[] = [];
    const a = await createRedisNotifier(url, { onError: (error) => errors.push(error), startTimeoutMs: 200 });
    let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    let b: Awaited<ReturnType<typeof createRedisNotifier>> | undefined;
    try {
      const heardByA: number[] = [];
      a.subscribe((seq) => heardByA.push(seq));
      a.publish(1);
      expect(heardByA).toEqual([1]);
      expect(await answers(() => a.ping(500))).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // several reconnect attempts
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain(`Redis at 127.0.0.1:${port} is unreachable`);

      redis = await startRedisServer(port);
      await until(() => answers(() => a.ping(500)));
      b = await createRedisNotifier(url);
      const heardByB: number[] = [];
      b.subscribe((seq) => heardByB.push(seq));
      // A's SUBSCRIBE went out on reconnect: it hears B's commits.
      await until(() => (b!.publish(7), heardByA.includes(7)));
      a.publish(8);
      await until(() => heardByB.includes(8));
    } finally {
      await Promise.all([a.close(), b?.close()]);
      redis?.kill('SIGKILL');
    }
  });

  it('refuses an unparseable REDIS_URL', async () => {
    await expect(createRedisNotifier('not a url')).rejects.toThrow();
  });

  it('closes at once while Redis is away', async () => {
    const notifier = await createRedisNotifier(`redis://127.0.0.1:${await freePort()}`, { startTimeoutMs: 100 });
    const started = Date.now();
    await notifier.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
