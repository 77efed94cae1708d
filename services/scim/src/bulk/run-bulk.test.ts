import { describe, expect, it } from 'vitest';
import { dependencyOrder } from './run-bulk.ts';

const post = (bulkId: string, data: unknown = {}) => ({ method: 'POST', bulkId, path: '/Users', data });

describe('dependencyOrder (RFC 7644 §3.7.2)', () => {
  it('keeps request order when nothing refers forward', () => {
    expect(dependencyOrder([post('a'), post('b', { members: [{ value: 'bulkId:a' }] })])).toEqual([{ index: 0 }, { index: 1 }]);
  });

  it('moves an operation after the POST whose bulkId it names, also in its path', () => {
    const ops = [
      { method: 'POST', bulkId: 'g', path: '/Groups', data: { members: [{ value: 'bulkId:u' }] } },
      { method: 'PATCH', path: '/Users/bulkId:u', data: {} },
      post('u'),
    ];
    expect(dependencyOrder(ops)).toEqual([{ index: 2 }, { index: 0 }, { index: 1 }]);
  });

  it('marks operations that wait on each other, and those waiting on them, with the cycle', () => {
    const ops = [post('a', { manager: 'bulkId:b' }), post('b', { manager: 'bulkId:a' }), post('c', { manager: 'bulkId:a' }), post('d')];
    expect(dependencyOrder(ops)).toEqual([
      { index: 3 },
      { index: 0, cycle: ['a', 'b', 'a'] },
      { index: 1, cycle: ['b', 'a', 'b'] },
      { index: 2, cycle: ['a', 'b', 'a'] },
    ]);
  });

  it('does not hold back an operation naming a bulkId nobody defines (it fails when run)', () => {
    expect(dependencyOrder([post('a', { x: 'bulkId:nope' }), post('b')])).toEqual([{ index: 0 }, { index: 1 }]);
  });
});
