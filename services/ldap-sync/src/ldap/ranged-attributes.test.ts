import { describe, expect, it } from 'vitest';
import { completeRangedAttributes } from './ranged-attributes.ts';

// slapd cannot answer with ranged values (`member;range=0-1499` is Active Directory only), so the
// continuation protocol is tested against a reader that answers the way AD does.
describe('completeRangedAttributes', () => {
  const members = Array.from({ length: 3_200 }, (_, i) => `CN=u${i},OU=People,DC=corp`);
  const ad = async (_dn: string, attribute: string) => {
    const start = Number(/range=(\d+)-/.exec(attribute)![1]);
    const end = Math.min(start + 1_499, members.length - 1);
    const last = end === members.length - 1;
    return { [`member;range=${start}-${last ? '*' : end}`]: members.slice(start, end + 1) };
  };

  it('follows member;range=0-1499 to the end', async () => {
    const read: string[] = [];
    const result = await completeRangedAttributes(
      'CN=big',
      { cn: ['big'], 'member;range=0-1499': members.slice(0, 1_500) },
      async (dn, attribute) => {
        read.push(attribute);
        return ad(dn, attribute);
      },
    );
    expect(result['member']).toEqual(members);
    expect(result['cn']).toEqual(['big']);
    expect(read).toEqual(['member;range=1500-*', 'member;range=3000-*']);
  });

  it('leaves entries without ranges alone', async () => {
    const entry = { member: ['CN=a'], cn: ['small'] };
    expect(await completeRangedAttributes('CN=small', entry, () => Promise.reject(new Error('not asked')))).toEqual(entry);
  });
});
