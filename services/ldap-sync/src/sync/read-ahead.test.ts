import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

describe('readAhead', () => {
  it('yields every page in order and asks for the next one before the current is consumed', async () => {
    const asked: number[] = [];
    async function* pages() {
      for (let n = 1; n <= 3; n += 1) {
        asked.push(n);
        yield n;
      }
    }
    const seen: Array<[number, number[]]> = [];
    for await (const page of readAhead(pages())) seen.push([page, [...asked]]);
    expect(seen).toEqual([
      [1, [1, 2]],
      [2, [1, 2, 3]],
      [3, [1, 2, 3]],
    ]);
  });

  it('never holds more than one page ahead of the consumer', async () => {
    let produced = 0;
    async function* pages() {
      for (;;) yield (produced += 1);
    }
    for await (const page of readAhead(pages())) {
      expect(produced - page).toBeLessThanOrEqual(1);
      if (page === 5) break;
    }
  });

  it('passes on a failed read, and closes the source when the consumer stops', async () => {
    let closed = false;
    async function* failing() {
      try {
        yield 1;
        throw new Error('connection lost');
      } finally {
        closed = true;
      }
    }
    const consume = async () => {
      for await (const _page of readAhead(failing())) void _page;
    };
    await expect(consume()).rejects.toThrow('connection lost');
    expect(closed).toBe(true);
    async function* endless() {
      try {
        for (;;) yield 1;
      } finally {
        closed = true;
      }
    }
    closed = false;
    for await (const _page of readAhead(endless())) break;
    expect(closed).toBe(true);
  });
});
