import { describe, expect, it } from 'vitest';
import { PendingMembers } from './pending-members.ts';

describe('PendingMembers', () => {
  it('gives every group naming a reference the user synced for it, and keeps what no user matched', () => {
    const pending = new PendingMembers();
    pending.set('g1', ['uid=a', 'uid=b', 'uid=a']);
    pending.set('g2', ['uid=b', 'uid=c']);
    pending.resolve('uid=b', 'B');
    pending.resolve('uid=a', 'A');
    pending.resolve('uid=z', 'Z');
    expect(pending.groupIds()).toEqual(['g1', 'g2']);
    expect(pending.size('g2')).toBe(1);
    expect(pending.takeUnresolved()).toEqual(new Map([['g2', ['uid=c']]]));
    expect(pending.take('g1')).toEqual(['B', 'A']);
    expect(pending.take('g2')).toEqual(['B']);
    expect(pending.groupIds()).toEqual([]);
  });

  it('lets a later entry of the same group replace its references', () => {
    const pending = new PendingMembers();
    pending.set('g1', ['uid=a', 'uid=c']);
    pending.set('g2', ['uid=c']);
    pending.set('g1', ['uid=b']);
    pending.resolve('uid=a', 'A');
    pending.resolve('uid=b', 'B');
    pending.resolve('uid=c', 'C');
    expect(pending.take('g1')).toEqual(['B']);
    expect(pending.take('g2')).toEqual(['C']);
  });
});
