import { describe, expect, it } from 'vitest';
import { batchWhileBusy } from './batch-while-busy.ts';

describe('batchWhileBusy', () => {
  it('runs the first call alone and the calls made meanwhile together, each answered with its own result', async () => {
    const batches: number[][] = [];
    const double = batchWhileBusy<number, number>(async (batch) => {
      batches.push([...batch]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return batch.map((n) => n * 2);
    });
    expect(await Promise.all([1, 2, 3, 4].map((n) => double(n)))).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps keys apart, caps a batch, and rejects only the batch whose run failed', async () => {
    const batches: string[] = [];
    const run = batchWhileBusy<number, number>(
      async (batch, key) => {
        batches.push(`${key}:${batch.join(',')}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (batch.includes(13)) throw new Error('unlucky');
        return batch;
      },
      { maxBatch: 2 },
    );
    const results = await Promise.allSettled([run(1, 'a'), run(2, 'b'), run(3, 'a'), run(13, 'a'), run(5, 'a')]);
    expect(batches).toEqual(['a:1', 'b:2', 'a:3,13', 'a:5']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled']);
  });
});
