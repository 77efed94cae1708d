import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedisNotifier } from './redis-notifier.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

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

  it('fails fast on an unreachable Redis', async () => {
    await expect(createRedisNotifier('redis://127.0.0.1:1')).rejects.toThrow();
  });
});
