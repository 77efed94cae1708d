import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth.ts';

describe('heapGrowthFlag', () => {
  it('limits the heap growth of a worker started with plain node', () => {
    expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps'], '--trace-warnings')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it("keeps an operator's own heap setting, given as a node flag or in NODE_OPTIONS", () => {
    expect(heapGrowthFlag(['--max-old-space-size=512'], undefined)).toBeNull();
    expect(heapGrowthFlag([], '--enable-source-maps --max_old_space_size=2048')).toBeNull();
    expect(heapGrowthFlag(['--heap-growing-percent=0'], '')).toBeNull();
    expect(heapGrowthFlag([], '--max-heap-size=1024')).toBeNull();
  });
});
