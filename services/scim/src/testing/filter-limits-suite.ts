import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@roster/db/testing';
import { patchOp, scimUser, useScimFixture, type ScimIamClient } from './scim-fixture.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const nested = (levels: number, inner: string) => `${'('.repeat(levels)}${inner}${')'.repeat(levels)}`;
const anyOf = (count: number, term: (i: number) => string) => Array.from({ length: count }, (_, i) => term(i)).join(' or ');
/** A user id no user has (member filters compare ids). */
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Filters beyond the depth and comparison limits are 400 invalidFilter on every route that reads one. */
export function describeFilterLimitsSuite(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`SCIM filter limits on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);
    const expectLimit = (reply: { status: number; body: any }, limit: RegExp) => {
      expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(400);
      expect(reply.body).toMatchObject({ scimType: 'invalidFilter', detail: expect.stringMatching(limit) });
    };
    const DEPTH = /at most 32 levels/;
    const TERMS = /at most 200 comparisons/;
    const listUsers = (scim: ScimIamClient, filter: string) => scim.call('GET', `/Users?filter=${encodeURIComponent(filter)}`);

    it('GET /Users and POST /Users/.search: 5,000 nested parentheses or or-terms are 400 invalidFilter; filters at the limits are answered', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('limits'))).body.id;
      expectLimit(await listUsers(scim, nested(5_000, 'userName eq "limits"')), DEPTH);
      expectLimit(
        await listUsers(
          scim,
          anyOf(5_000, (i) => `userName eq "u${i}"`),
        ),
        TERMS,
      );
      expectLimit(await listUsers(scim, `${'not ('.repeat(5_000)}userName pr${')'.repeat(5_000)}`), DEPTH);
      expectLimit(await scim.call('POST', '/Users/.search', { schemas: [SEARCH], filter: nested(5_000, 'userName eq "limits"') }), DEPTH);
      expectLimit(
        await scim.call('POST', '/Users/.search', {
          schemas: [SEARCH],
          filter: anyOf(5_000, (i) => `emails[value eq "u${i}@example.com"]`),
        }),
        TERMS,
      );
      // About 1 MB of terms, as large as a search body may be: refused at the limit.
      const huge = anyOf(57_000, (i) => `title eq ${i}`);
      expect(huge.length).toBeGreaterThan(1_000_000);
      expectLimit(await scim.call('POST', '/Users/.search', { schemas: [SEARCH], filter: huge }), TERMS);
      expectLimit(await listUsers(scim, `${huge} or ${huge}`), TERMS);
      // The largest filters allowed run in the database and find the user.
      const deepest = await listUsers(scim, nested(32, 'userName eq "limits"'));
      expect(deepest.body.Resources.map((u: any) => u.id)).toEqual([id]);
      const widest = await listUsers(scim, anyOf(199, (i) => `emails[value eq "u${i}@example.com"]`) + ' or userName eq "LIMITS"');
      expect(widest.body.Resources.map((u: any) => u.id)).toEqual([id]);
    });

    it('GET /Groups with member filters, and PATCH paths with value filters: over the limits is 400 invalidFilter and changes nothing', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const member = (await scim.call('POST', '/Users', scimUser('member'))).body.id;
      const gid = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Limited', members: [{ value: member }] })).body.id;
      const groups = (filter: string) => scim.call('GET', `/Groups?filter=${encodeURIComponent(filter)}`);
      expectLimit(await groups(`members[${anyOf(5_000, (i) => `value eq "${uuid(i)}"`)}]`), TERMS);
      expectLimit(await groups(nested(5_000, `members[value eq "${member}"]`)), DEPTH);
      expect(
        (await groups(`members[${anyOf(199, (i) => `value eq "${uuid(i)}"`)} or value eq "${member}"]`)).body.Resources.map(
          (g: any) => g.id,
        ),
      ).toEqual([gid]);

      const removal = await scim.call(
        'PATCH',
        `/Groups/${gid}`,
        patchOp({ op: 'remove', path: `members[${anyOf(5_000, (i) => `value eq "${uuid(i)}"`)} or value eq "${member}"]` }),
      );
      expectLimit(removal, TERMS);
      expect((await scim.call('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([member]);
      const emails = await scim.call(
        'PATCH',
        `/Users/${member}`,
        patchOp({ op: 'replace', path: `emails[${nested(5_000, 'type eq "work"')}].value`, value: 'new@example.com' }),
      );
      expectLimit(emails, DEPTH);
      expect((await scim.call('GET', `/Users/${member}`)).body.emails.map((e: any) => e.value)).toEqual(['member@example.com']);
    });
  });
}
