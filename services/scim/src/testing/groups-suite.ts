import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@roster/db/testing';
import { patchOp, scimUser, useScimFixture, type ScimIamClient } from './scim-fixture.ts';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Request-level behaviour of /Groups, run against each database backend. */
export function describeGroupsSuite(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`SCIM /Groups on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);
    const users = async (scim: ScimIamClient, ...names: string[]) => {
      const ids: string[] = [];
      for (const name of names) ids.push((await scim.call('POST', '/Users', scimUser(name))).body.id);
      return ids as [string, string, string, string, ...string[]];
    };
    const memberIds = async (scim: ScimIamClient, id: string) =>
      ((await scim.call('GET', `/Groups/${id}`)).body.members ?? []).map((m: any) => m.value).sort();

    it('creates a group with members (201, Location), refuses a duplicate displayName case-insensitively (409)', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const [a, b] = await users(scim, 'ga', 'gb');
      const created = await scim.call('POST', '/Groups', {
        schemas: [GROUP],
        displayName: 'Engineering',
        members: [{ value: a }, { value: b }],
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toMatch(new RegExp(`/scim/v2/${scim.iamId}/Groups/${created.body.id}$`));
      expect(created.body.members.map((m: any) => m.value).sort()).toEqual([a, b].sort());
      const dup = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'ENGINEERING' });
      expect(dup.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    });

    it('adds, removes by filter, removes a value list only (Entra), and replaces members wholesale, also with []', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const [a, b, c, d] = await users(scim, 'm1', 'm2', 'm3', 'm4');
      const created = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Team' });
      const id = created.body.id;
      const added = await scim.call(
        'PATCH',
        `/Groups/${id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: a }, { value: b }, { value: c }, { value: d }] }),
      );
      expect(await memberIds(scim, id)).toEqual([a, b, c, d].sort());
      // A membership change is a change of the group: a new version and ETag.
      expect(added.body.meta.version).not.toBe(created.body.meta.version);
      expect((await scim.call('GET', `/Groups/${id}`)).headers.get('etag')).toBe(added.body.meta.version);
      await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'remove', path: `members[value eq "${a}"]` }));
      expect(await memberIds(scim, id)).toEqual([b, c, d].sort());
      await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: b }] }));
      expect(await memberIds(scim, id)).toEqual([c, d].sort());
      await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'replace', path: 'members', value: [{ value: a }] }));
      expect(await memberIds(scim, id)).toEqual([a]);
      const emptied = await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'replace', path: 'members', value: [] }));
      expect(emptied.status).toBe(200);
      expect(await memberIds(scim, id)).toEqual([]);
    });

    it('applies a PATCH all or nothing: a foreign member fails it with 400 and nothing changes', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const other = await fx.newIam({ syncGroups: true });
      const [mine] = await users(scim, 'mine');
      const [foreign] = await users(other, 'foreign');
      const id = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Atomic' })).body.id;
      const reply = await scim.call(
        'PATCH',
        `/Groups/${id}`,
        patchOp(
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'add', path: 'members', value: [{ value: mine }] },
          { op: 'add', path: 'members', value: [{ value: foreign }] },
        ),
      );
      expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
      const after = (await scim.call('GET', `/Groups/${id}`)).body;
      expect(after.displayName).toBe('Atomic');
      expect(after.members).toEqual([]);
      const bad = await scim.call(
        'PATCH',
        `/Groups/${id}`,
        patchOp({ op: 'add', path: 'members', value: [{ value: mine }] }, { op: 'frobnicate' }),
      );
      expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      expect(await memberIds(scim, id)).toEqual([]);
    });

    it('refuses a PATCH or PUT changing a readOnly id or meta with 400 mutability; repeating its own id (Okta) is fine', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const [a] = await users(scim, 'ro-member');
      const id = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'ReadOnly' })).body.id;
      for (const operations of [
        [
          { op: 'add', path: 'members', value: [{ value: a }] },
          { op: 'replace', path: 'id', value: '00000000-0000-4000-8000-000000000000' },
        ],
        [{ op: 'replace', value: { displayName: 'Renamed', meta: { created: '2001-01-01T00:00:00Z' } } }],
      ]) {
        const refused = await scim.call('PATCH', `/Groups/${id}`, patchOp(...operations));
        expect(refused.body).toMatchObject({ status: '400', scimType: 'mutability' });
      }
      const put = await scim.call('PUT', `/Groups/${id}`, {
        schemas: [GROUP],
        id: '00000000-0000-4000-8000-000000000000',
        displayName: 'Renamed',
      });
      expect(put.body).toMatchObject({ status: '400', scimType: 'mutability' });
      expect((await scim.call('GET', `/Groups/${id}`)).body).toMatchObject({ displayName: 'ReadOnly', members: [] });
      // Okta's group push: `replace` with the group's own id beside the new name.
      const okta = await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'replace', value: { id, displayName: 'Renamed' } }));
      expect(okta.status).toBe(200);
      expect(okta.body.displayName).toBe('Renamed');
    });

    it('fetches a group with excludedAttributes=members without reading its members', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const [a] = await users(scim, 'ex1');
      const id = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Big', members: [{ value: a }] })).body.id;
      const before = fx.reads.memberIds;
      const got = await scim.call('GET', `/Groups/${id}?excludedAttributes=members`);
      const listed = await scim.call('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "big"')}`);
      expect(fx.reads.memberIds).toBe(before);
      expect(got.body.members).toBeUndefined();
      expect(got.body.displayName).toBe('Big');
      expect(listed.body.Resources).toHaveLength(1);
      expect(listed.body.Resources[0].members).toBeUndefined();
    });

    it('filters groups by displayName (case-insensitive) and by member', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const [a, b] = await users(scim, 'f1', 'f2');
      const g1 = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Alpha', members: [{ value: a }] })).body.id;
      await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Beta', members: [{ value: b }] });
      const find = async (f: string) =>
        (await scim.call('GET', `/Groups?filter=${encodeURIComponent(f)}`)).body.Resources.map((g: any) => g.displayName);
      expect(await find('displayName eq "ALPHA"')).toEqual(['Alpha']);
      expect(await find(`members[value eq "${a}"]`)).toEqual(['Alpha']);
      expect(await find(`id eq "${g1}" and members.value eq "${b}"`)).toEqual([]);
      const user = (await scim.call('GET', `/Users/${a}`)).body;
      expect(user.groups.map((g: any) => g.value)).toEqual([g1]);
    });

    it('never loses a member under concurrent PATCHes of one group', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const ids = await users(scim, ...Array.from({ length: 12 }, (_, i) => `conc${i}`));
      const id = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Concurrent' })).body.id;
      const replies = await Promise.all(
        ids.map((user) =>
          scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'add', path: 'members', value: [{ value: user }] }), {
            Prefer: 'return=minimal',
          }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(ids.map(() => 204));
      expect(await memberIds(scim, id)).toEqual([...ids].sort());
    });

    it('deletes a group: 204, then 404', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const id = (await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Gone' })).body.id;
      expect((await scim.call('DELETE', `/Groups/${id}`)).status).toBe(204);
      expect((await scim.call('GET', `/Groups/${id}`)).status).toBe(404);
    });

    it('with "sync groups" off, accepts group pushes and ignores them', async () => {
      const scim = await fx.newIam({ syncGroups: false });
      const [a] = await users(scim, 'nosync');
      const created = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Ignored', members: [{ value: a }] });
      expect(created.status).toBe(201);
      expect(
        (await scim.call('PATCH', `/Groups/${created.body.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: a }] }))).status,
      ).toBe(204);
      expect((await scim.call('GET', '/Groups')).body.totalResults).toBe(0);
      expect(await fx.roster.read((r) => r.memberships.groupIdsOf(a))).toEqual([]);
    });

    it('with "sync groups" off, keeps the pushed id working for the IdP\'s lookup, GET, PATCH, PUT and DELETE, storing nothing', async () => {
      const scim = await fx.newIam({ syncGroups: false });
      const created = await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Équipe Ω', members: [] });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(created.body.meta.location);
      const id = created.body.id;
      // Entra and Okta look a group up by displayName before creating it: the same id comes back.
      const found = await scim.call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Équipe Ω"')}`);
      expect(found.body.Resources.map((g: any) => g.id)).toEqual([id]);
      expect((await scim.call('GET', `/Groups/${id}`)).body).toMatchObject({ id, displayName: 'Équipe Ω', members: [] });
      expect((await scim.call('PATCH', `/Groups/${id}`, patchOp({ op: 'replace', path: 'members', value: [] }))).status).toBe(204);
      expect((await scim.call('PUT', `/Groups/${id}`, { schemas: [GROUP], displayName: 'Équipe Ω' })).status).toBe(200);
      expect((await scim.call('DELETE', `/Groups/${id}`)).status).toBe(204);
      expect((await scim.call('GET', '/Groups/not-a-group')).status).toBe(404);
      expect((await scim.call('POST', '/Groups', { schemas: [GROUP] })).status).toBe(400);
      expect(await fx.roster.read((r) => r.queries.groups({ iamId: scim.iamId, offset: 0, limit: 10 }))).toMatchObject({ total: 0 });
    });
  });
}
