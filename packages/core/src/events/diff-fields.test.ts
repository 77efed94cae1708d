import { describe, expect, it } from 'vitest';
import { diffFields, sameValue } from './diff-fields.ts';

describe('diffFields', () => {
  it('reports only fields whose values differ structurally', () => {
    const before = { a: [1, 2], b: { x: 1 }, c: 'same', d: new Date(1) };
    const after = { a: [1, 2], b: { x: 2 }, c: 'same', d: new Date(1) };
    expect(diffFields(before, after, ['a', 'b', 'c', 'd'])).toEqual({ b: { from: { x: 1 }, to: { x: 2 } } });
  });

  it('treats null and undefined, and missing keys, alike', () => {
    expect(sameValue({ a: undefined }, {})).toBe(true);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue([1], [1, 2])).toBe(false);
  });
});
