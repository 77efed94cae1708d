import { describe, expect, it } from 'vitest';
import { webHasher } from '@roster/core';
import type { TestDatabase } from '@roster/db/testing';
import { BADGE, fullUser, patchOp, PUBLIC_URL, scimUser, useScimFixture } from './scim-fixture.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const TEAM = 'urn:example:params:scim:schemas:extension:roster:2.0:Team';
/** A resource without what the service provider adds (id, meta). */
const asSent = (resource: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(resource).filter(([key]) => key !== 'id' && key !== 'meta'));

/** Request-level behaviour of /Users, run against each database backend. */
export function describeUsersSuite(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`SCIM /Users on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);

    it('creates a user: 201, Location, ETag, meta, scim+json; password is accepted and never stored or echoed', async () => {
      const scim = await fx.newIam();
      const created = await scim.call('POST', '/Users', scimUser('bjensen', { password: 't1meMa$heen', externalId: 'okta-1' }));
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      const id = created.body.id;
      expect(created.headers.get('location')).toBe(`${PUBLIC_URL}/scim/v2/${scim.iamId}/Users/${id}`);
      expect(created.headers.get('etag')).toBe('W/"1"');
      expect(created.body).toMatchObject({
        userName: 'bjensen',
        externalId: 'okta-1',
        active: true,
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        meta: { resourceType: 'User', location: `${PUBLIC_URL}/scim/v2/${scim.iamId}/Users/${id}`, version: 'W/"1"' },
      });
      expect(JSON.stringify(created.body)).not.toContain('t1meMa$heen');
      const events = await fx.roster.events.readAfter({ after: 0, limit: 10_000 });
      expect(JSON.stringify(events)).not.toContain('t1meMa$heen');
      const user = await fx.roster.read((repos) => repos.users.get(id));
      expect(user).toMatchObject({ source: 'SCIM', userName: 'bjensen' });
    });

    it("stamps the IAM and its token's id on the events, a new id after rotation; a created user's event holds the user", async () => {
      const scim = await fx.newIam();
      const before = await fx.roster.events.lastSeq();
      const created = await scim.call('POST', '/Users', scimUser('origin-1'));
      const [event] = await fx.roster.events.readAfter({ after: before, limit: 10, subjects: true });
      const tokenId = (await webHasher.sha256(scim.token)).slice(0, 12);
      expect(event).toMatchObject({ type: 'USER_CREATED', origin: { kind: 'SCIM', iamId: scim.iamId, scimTokenId: tokenId } });
      expect(event!.subject).toMatchObject({
        type: 'USER',
        user: { user: { id: created.body.id, userName: 'origin-1', emails: [{ value: 'origin-1@example.com' }] }, groupIds: [] },
      });

      const token = await fx.roster.rotateScimToken(scim.iamId);
      const after = await fx.roster.events.lastSeq();
      const request = new Request(`${PUBLIC_URL}/scim/v2/${scim.iamId}/Users/${created.body.id}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect((await fx.send(request)).status).toBe(204);
      const [deleted] = await fx.roster.events.readAfter({ after, limit: 10 });
      expect(deleted!.origin).toEqual({ kind: 'SCIM', iamId: scim.iamId, scimTokenId: (await webHasher.sha256(token)).slice(0, 12) });
      expect(deleted!.origin).not.toEqual(event!.origin);
    });

    it('answers every attribute and extension the IdP sent, exactly, on POST, GET, list, PUT and PATCH, with no attribute rules', async () => {
      const scim = await fx.newIam();
      const sent = fullUser('babs@example.com');
      const created = await scim.call('POST', '/Users', { ...sent, password: 't1meMa$heen', groups: [] });
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(asSent(created.body)).toEqual(sent);
      expect(asSent((await scim.call('GET', `/Users/${id}`)).body)).toEqual(sent);
      const listed = await scim.call('GET', `/Users?filter=${encodeURIComponent('userName eq "babs@example.com"')}`);
      expect(listed.body.Resources.map(asSent)).toEqual([sent]);
      const searched = await scim.call('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'externalId eq "ext-babs@example.com"',
      });
      expect(searched.body.Resources.map(asSent)).toEqual([sent]);
      expect(asSent((await scim.call('PUT', `/Users/${id}`, { ...sent, id })).body)).toEqual(sent);

      const patched = await scim.call(
        'PATCH',
        `/Users/${id}`,
        patchOp(
          { op: 'replace', path: 'nickName', value: 'Barb' },
          { op: 'add', path: 'phoneNumbers', value: [{ value: '555-555-3333', type: 'home' }] },
          { op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Burbank' },
          { op: 'remove', path: 'ims' },
          { op: 'Replace', path: `${ENTERPRISE}:costCenter`, value: '4200' },
          { op: 'Remove', path: `${ENTERPRISE}:division` },
          { op: 'replace', value: { [`${BADGE}:badge`]: 'B-13', userType: 'Contractor' } },
        ),
      );
      expect(patched.status).toBe(200);
      const { ims: _ims, ...rest } = sent;
      const { division: _division, ...enterprise } = sent[ENTERPRISE];
      const expected = {
        ...rest,
        nickName: 'Barb',
        userType: 'Contractor',
        phoneNumbers: [...sent.phoneNumbers, { value: '555-555-3333', type: 'home' }],
        addresses: [{ ...sent.addresses[0], locality: 'Burbank' }, sent.addresses[1]],
        [ENTERPRISE]: { ...enterprise, costCenter: '4200' },
        [BADGE]: { ...sent[BADGE], badge: 'B-13' },
      };
      expect(asSent(patched.body)).toEqual(expected);
      expect(asSent((await scim.call('GET', `/Users/${id}`)).body)).toEqual(expected);
      expect(patched.body.meta.version).toBe('W/"2"');

      // Kept as sent, without the password and the read-only groups; and never in an event.
      const user = await fx.roster.read((repos) => repos.users.get(id));
      expect(user?.sourceAttributes).toEqual(expected);
      expect(user).toMatchObject({
        displayName: 'Babs Jensen',
        profile: {
          title: 'Tour Guide',
          phoneNumber: '555-555-5555',
          location: 'Burbank',
          department: 'Tour Operations',
          organization: 'Universal Studios',
        },
      });
      const events = await fx.roster.events.readAfter({ after: 0, iamId: scim.iamId, limit: 100 });
      expect(JSON.stringify(events)).not.toContain('t1meMa$heen');
      expect(events.find((event) => event.type === 'USER_UPDATED')?.data['changes']).toMatchObject({
        sourceAttributes: { from: { nickName: 'Babs' }, to: { nickName: 'Barb' } },
      });
    });

    it('keeps custom extensions verbatim on an IAM that maps the enterprise one, and a bare manager id as RFC 7643 §4.3 defines manager', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: ENTERPRISE, prefix: 'scimuser' }] });
      const sent = fullUser('mapped@example.com');
      const id = (await scim.call('POST', '/Users', sent)).body.id;
      expect(asSent((await scim.call('GET', `/Users/${id}`)).body)).toEqual(sent);
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toMatchObject({
        'scimuser.employeeNumber': ['701984'],
        'scimuser.manager': ['26118915-6090-4610-87e4-49d8ca9f808d'],
      });
      const patched = await scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: 'mgr-2' }));
      expect(patched.body[ENTERPRISE].manager).toEqual({ value: 'mgr-2' });
      expect(patched.body[BADGE]).toEqual(sent[BADGE]);
    });

    it("re-derives attributes and profile from the kept resources when the IAM's schemas change, with events and no re-push", async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', fullUser('rederive@example.com'))).body.id;
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({});
      const last = await fx.roster.events.lastSeq();
      const { rederived } = await fx.roster.updateIam(scim.iamId, {
        settings: {
          syncAttributes: true,
          attributeSchema: [
            { source: ENTERPRISE, prefix: 'scimuser' },
            { source: `${BADGE}:badge`, prefix: 'badge' },
          ],
          profileSchema: { displayName: 'nickName' },
        },
      });
      expect(rederived).toMatchObject({ users: 1, changed: 1 });
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({
        'scimuser.employeeNumber': ['701984'],
        'scimuser.costCenter': ['4130'],
        'scimuser.organization': ['Universal Studios'],
        'scimuser.division': ['Theme Park'],
        'scimuser.department': ['Tour Operations'],
        'scimuser.manager': ['26118915-6090-4610-87e4-49d8ca9f808d'],
        'badge.badge': ['B-12'],
      });
      const events = (await fx.roster.events.readAfter({ after: last, iamId: scim.iamId, limit: 100 })).filter(
        (event) => event.subjectId === id,
      );
      expect(events.map((event) => event.type).sort()).toEqual(['USER_ATTRIBUTES_CHANGED', 'USER_UPDATED']);
      const resource = (await scim.call('GET', `/Users/${id}`)).body;
      expect(resource).toMatchObject({ displayName: 'Babs', nickName: 'Babs' });
      expect(resource[ENTERPRISE]).toEqual(fullUser('x')[ENTERPRISE]);
      // A filter on a mapped extension attribute finds the user at once.
      const found = await scim.call('GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:employeeNumber eq "701984"`)}`);
      expect(found.body.Resources.map((u: any) => u.id)).toEqual([id]);
      await fx.roster.updateIam(scim.iamId, { settings: { profileSchema: {} } });
      expect((await scim.call('GET', `/Users/${id}`)).body.displayName).toBe('Babs Jensen');
    });

    it('refuses a duplicate userName, compared case-insensitively, with 409 uniqueness and changes nothing', async () => {
      const scim = await fx.newIam();
      expect((await scim.call('POST', '/Users', scimUser('Alice'))).status).toBe(201);
      const dup = await scim.call('POST', '/Users', scimUser('ALICE'));
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '409',
        scimType: 'uniqueness',
        detail: expect.any(String),
      });
      expect((await scim.call('GET', '/Users')).body.totalResults).toBe(1);
    });

    it('answers malformed JSON 400 invalidSyntax, a missing userName 400 invalidValue, an oversized body 413', async () => {
      const scim = await fx.newIam();
      expect((await scim.call('POST', '/Users', '{"userName": ')).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      expect((await scim.call('POST', '/Users', { schemas: [] })).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
      const huge = await scim.call('POST', '/Users', scimUser('big', { title: 'x'.repeat(1_100_000) }));
      expect(huge.status).toBe(413);
      expect((await scim.call('GET', '/Users')).body.totalResults).toBe(0);
    });

    it('accepts application/json as well as application/scim+json', async () => {
      const scim = await fx.newIam();
      const reply = await scim.call('POST', '/Users', scimUser('plainjson'), { 'Content-Type': 'application/json' });
      expect(reply.status).toBe(201);
    });

    it("authenticates: no or wrong token 401, another IAM's token cannot see or touch its users, no SCIM = no endpoint", async () => {
      const a = await fx.newIam();
      const b = await fx.newIam();
      const user = (await a.call('POST', '/Users', scimUser('secret-user'))).body;
      const anonymous = await fx.send(new Request(`${PUBLIC_URL}/scim/v2/${a.iamId}/Users`));
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toMatchObject({ status: '401', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
      const wrong = await fx.send(
        new Request(`${PUBLIC_URL}/scim/v2/${a.iamId}/Users`, { headers: { Authorization: `Bearer ${b.token}` } }),
      );
      expect(wrong.status).toBe(401);
      expect((await b.call('GET', `/Users/${user.id}`)).status).toBe(404);
      expect((await b.call('DELETE', `/Users/${user.id}`)).status).toBe(404);
      expect((await b.call('PATCH', `/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } }))).status).toBe(404);
      expect((await b.call('GET', '/Users?filter=userName eq "secret-user"')).body.totalResults).toBe(0);
      expect((await a.call('GET', `/Users/${user.id}`)).body.active).toBe(true);
      const { iam } = await fx.roster.createIam({ displayName: `No SCIM ${Math.random()}`, type: 'SAML' });
      expect(
        (await fx.send(new Request(`${PUBLIC_URL}/scim/v2/${iam.id}/Users`, { headers: { Authorization: `Bearer ${a.token}` } }))).status,
      ).toBe(404);
    });

    it('PUT replaces the whole user; fields left out are cleared', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('put-me', { displayName: 'Put Me', title: 'Boss' }))).body.id;
      const replaced = await scim.call('PUT', `/Users/${id}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'put-me',
        name: { givenName: 'New' },
        active: true,
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.name).toEqual({ givenName: 'New' });
      expect(replaced.body.displayName).toBeUndefined();
      expect(replaced.body.title).toBeUndefined();
      expect(replaced.body.emails).toBeUndefined();
      expect(replaced.headers.get('etag')).toBe('W/"2"');
    });

    it('honours If-Match: a stale version is 412 and changes nothing', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('etag'))).body.id;
      const stale = await scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'displayName', value: 'x' }), {
        'If-Match': 'W/"7"',
      });
      expect(stale.status).toBe(412);
      const fresh = await scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'displayName', value: 'x' }), {
        'If-Match': 'W/"1"',
      });
      expect(fresh.body.displayName).toBe('x');
      expect((await scim.call('PUT', `/Users/${id}`, scimUser('etag'), { 'If-Match': 'W/"1"' })).status).toBe(412);
    });

    it('refuses a PATCH touching a readOnly attribute (id, meta, groups) with 400 mutability and applies none of it', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('readonly', { displayName: 'Before' }))).body.id;
      const attempts = [
        [
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'replace', path: 'id', value: '00000000-0000-4000-8000-000000000000' },
        ],
        [{ op: 'replace', value: { displayName: 'After', id: '00000000-0000-4000-8000-000000000000' } }],
        [
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'add', path: 'groups', value: [{ value: '00000000-0000-4000-8000-000000000001' }] },
        ],
        [
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'replace', path: 'meta.created', value: '2001-01-01T00:00:00Z' },
        ],
        [
          { op: 'replace', path: 'displayName', value: 'After' },
          { op: 'remove', path: `${USER}:id` },
        ],
      ];
      for (const operations of attempts) {
        const refused = await scim.call('PATCH', `/Users/${id}`, patchOp(...operations));
        expect(refused.status, JSON.stringify(operations)).toBe(400);
        expect(refused.body).toMatchObject({ scimType: 'mutability' });
      }
      const after = await scim.call('GET', `/Users/${id}`);
      expect(after.body).toMatchObject({ id, displayName: 'Before', meta: { version: 'W/"1"' } });
      // An id equal to the user's own changes nothing and is accepted, as is `schemas`.
      const same = await scim.call(
        'PATCH',
        `/Users/${id}`,
        patchOp({ op: 'replace', value: { id, displayName: 'After', schemas: [USER] } }),
      );
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ id, displayName: 'After' });
    });

    it('PUT ignores readOnly values but refuses a body whose id names another user', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('put-id', { displayName: 'Before' }))).body.id;
      const other = await scim.call('PUT', `/Users/${id}`, {
        ...scimUser('put-id', { displayName: 'After' }),
        id: '00000000-0000-4000-8000-000000000000',
      });
      expect(other.status).toBe(400);
      expect(other.body).toMatchObject({ scimType: 'mutability' });
      expect((await scim.call('GET', `/Users/${id}`)).body.displayName).toBe('Before');
      const ignored = await scim.call('PUT', `/Users/${id}`, {
        ...scimUser('put-id', { displayName: 'After' }),
        id,
        meta: { created: '2001-01-01T00:00:00Z' },
        groups: [{ value: 'x' }],
      });
      expect(ignored.status).toBe(200);
      expect(ignored.body.displayName).toBe('After');
      expect(ignored.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
    });

    it('never loses one of several concurrent PATCHes of one user', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('busy', { emails: [] }))).body.id;
      const addresses = Array.from({ length: 8 }, (_, i) => `busy${i}@example.com`);
      const replies = await Promise.all(
        addresses.map((value) =>
          scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'add', path: 'emails', value: [{ value, type: 'other' }] })),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(addresses.map(() => 200));
      const emails = (await scim.call('GET', `/Users/${id}`)).body.emails.map((e: any) => e.value).sort();
      expect(emails).toEqual([...addresses].sort());
    });

    it('active false deactivates and true reactivates the Roster user', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('toggle'))).body.id;
      await scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }));
      expect((await fx.roster.read((r) => r.users.get(id)))?.active).toBe(false);
      await scim.call('PATCH', `/Users/${id}`, patchOp({ op: 'Replace', path: 'active', value: 'True' }));
      expect((await fx.roster.read((r) => r.users.get(id)))?.active).toBe(true);
    });

    it('DELETE deprovisions: 404 afterwards, the user is kept deactivated, and a later POST of the userName brings it back', async () => {
      const scim = await fx.newIam();
      const id = (await scim.call('POST', '/Users', scimUser('leaver'))).body.id;
      expect((await scim.call('DELETE', `/Users/${id}`)).status).toBe(204);
      expect((await scim.call('GET', `/Users/${id}`)).status).toBe(404);
      expect((await scim.call('GET', '/Users?filter=userName eq "leaver"')).body.totalResults).toBe(0);
      const kept = await fx.roster.read((r) => r.users.get(id));
      expect(kept).toMatchObject({ active: false });
      expect(kept?.deprovisionedAt).toBeInstanceOf(Date);
      const back = await scim.call('POST', '/Users', scimUser('LEAVER'));
      expect(back.status).toBe(201);
      expect(back.body).toMatchObject({ id, userName: 'LEAVER', active: true });
    });

    it("matches per the IAM's matching attribute: an SSO-created user is taken over, a live SCIM user is a conflict", async () => {
      const scim = await fx.newIam({ userMatchingAttribute: 'email' });
      const sso = await fx.roster.createUser(
        scim.iamId,
        { userName: 'jdoe-sso', emails: [{ value: 'jdoe@corp.io', type: 'work', primary: true }] },
        'SSO',
      );
      const taken = await scim.call(
        'POST',
        '/Users',
        scimUser('jdoe', { externalId: 'okta-1', emails: [{ value: 'JDOE@corp.io', type: 'work', primary: true }] }),
      );
      expect(taken.status).toBe(201);
      expect(taken.body).toMatchObject({ id: sso.id, userName: 'jdoe' });
      const clash = await scim.call(
        'POST',
        '/Users',
        scimUser('someone-else', { externalId: 'okta-2', emails: [{ value: 'jdoe@corp.io', type: 'work', primary: true }] }),
      );
      expect(clash.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    });

    it('maps the enterprise extension onto attributes under the configured prefix, and accepts them when sync is off', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: ENTERPRISE, prefix: 'scimuser' }] });
      const id = (
        await scim.call(
          'POST',
          '/Users',
          scimUser('ext', {
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
            [ENTERPRISE]: { department: 'R&D', manager: { value: 'boss-1' } },
          }),
        )
      ).body.id;
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({
        'scimuser.department': ['R&D'],
        'scimuser.manager': ['boss-1'],
      });
      await scim.call(
        'PATCH',
        `/Users/${id}`,
        patchOp(
          { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Sales' },
          { op: 'replace', path: `${ENTERPRISE}:manager`, value: 'boss-2' },
        ),
      );
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({
        'scimuser.department': ['Sales'],
        'scimuser.manager': ['boss-2'],
      });
      const found = await scim.call('GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:department eq "Sales"`)}`);
      expect(found.body.Resources.map((u: any) => u.id)).toEqual([id]);
      expect(found.body.Resources[0][ENTERPRISE]).toMatchObject({ department: 'Sales', manager: { value: 'boss-2' } });
      // manager is complex: its id is manager.value, stored as the attribute <prefix>.manager.
      const byManager = await scim.call('GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:manager.value eq "boss-2"`)}`);
      expect(byManager.body.Resources.map((u: any) => u.id)).toEqual([id]);
      expect(
        (await scim.call('GET', `/Users?filter=${encodeURIComponent(`${ENTERPRISE}:manager.value eq "BOSS-2"`)}`)).body.totalResults,
      ).toBe(0);
      const off = await fx.newIam({ syncAttributes: false, attributeSchema: [{ source: ENTERPRISE, prefix: 'scimuser' }] });
      const ignored = await off.call('POST', '/Users', scimUser('ext', { [ENTERPRISE]: { costCenter: '42' } }));
      expect(ignored.status).toBe(201);
      expect(await fx.roster.read((r) => r.userAttributes.get(ignored.body.id))).toEqual({});
    });

    it('filters profile and extension values as /Schemas declares them (caseExact false), with every operator, % and _ literal', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: TEAM, prefix: 'team' }] });
      const schemas = (await scim.call('GET', '/Schemas')).body.Resources;
      const declared = (urn: string, name: string) =>
        schemas.find((s: any) => s.id === urn).attributes.find((a: any) => a.name === name)?.caseExact ?? false;
      expect([declared(USER, 'title'), declared(ENTERPRISE, 'department'), declared(TEAM, 'squad')]).toEqual([false, false, false]);
      await scim.call(
        'POST',
        '/Users',
        scimUser('dan', {
          title: 'Senior Engineer',
          [ENTERPRISE]: { department: '100% Sales' },
          [TEAM]: { squad: ['Platform', 'Data_Eng'] },
        }),
      );
      await scim.call(
        'POST',
        '/Users',
        scimUser('eve', { title: 'senior_engineer', [ENTERPRISE]: { department: '100 Sales' }, [TEAM]: { squad: 'platform' } }),
      );
      await scim.call('POST', '/Users', scimUser('fay', { [TEAM]: { squad: ['Data Eng', '50%'] } }));
      const filter = async (f: string) => {
        const reply = await scim.call('GET', `/Users?sortBy=userName&filter=${encodeURIComponent(f)}`);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        return reply.body.Resources.map((u: any) => u.userName);
      };
      expect(await filter('title eq "SENIOR ENGINEER"')).toEqual(['dan']);
      expect(await filter('title ne "SENIOR ENGINEER"')).toEqual(['eve', 'fay']);
      expect(await filter('title sw "SENIOR" and title ew "ENGINEER"')).toEqual(['dan', 'eve']);
      expect(await filter('title co "R_E"')).toEqual(['eve']);
      expect(await filter(`${ENTERPRISE}:department eq "100% SALES"`)).toEqual(['dan']);
      expect(await filter(`${ENTERPRISE}:department co "0%"`)).toEqual(['dan']);
      expect(await filter(`${TEAM}:squad eq "PLATFORM"`)).toEqual(['dan', 'eve']);
      expect(await filter(`${TEAM}:squad ne "platform"`)).toEqual(['fay']);
      expect(await filter(`${TEAM}:squad co "FORM"`)).toEqual(['dan', 'eve']);
      expect(await filter(`${TEAM}:squad sw "data"`)).toEqual(['dan', 'fay']);
      expect(await filter(`${TEAM}:squad ew "_ENG"`)).toEqual(['dan']);
      expect(await filter(`${TEAM}:squad co "%"`)).toEqual(['fay']);
      expect(await filter(`${TEAM}:squad gt "m"`)).toEqual(['dan', 'eve']);
      expect(await filter(`${TEAM}:squad lt "b"`)).toEqual(['fay']);
      expect(await filter(`${TEAM}:squad ge "PLATFORM" or ${TEAM}:squad le "50%"`)).toEqual(['dan', 'eve', 'fay']);
    });

    it('keeps attributes an administrator added under another prefix through IdP updates', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: ENTERPRISE, prefix: 'scimuser' }] });
      const id = (await scim.call('POST', '/Users', scimUser('keep', { [ENTERPRISE]: { department: 'A' } }))).body.id;
      await fx.roster.setUserAttributes(id, { 'admin.clearance': ['high'] });
      await scim.call('PUT', `/Users/${id}`, scimUser('keep', { [ENTERPRISE]: { department: 'B' } }));
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({ 'admin.clearance': ['high'], 'scimuser.department': ['B'] });
    });

    it('lists with filters, stable paging (count=0 allowed), sorting and attribute selection', async () => {
      const scim = await fx.newIam();
      for (const name of ['carol', 'alice', 'bob', 'dave', 'erin'])
        await scim.call('POST', '/Users', scimUser(name, { displayName: name.toUpperCase() }));
      const q = async (query: string) => (await scim.call('GET', `/Users?${query}`)).body;
      expect((await q('count=0')).totalResults).toBe(5);
      expect((await q('count=0')).Resources).toEqual([]);
      const page1 = await q('startIndex=1&count=2&sortBy=userName');
      const page2 = await q('startIndex=3&count=2&sortBy=userName');
      const page3 = await q('startIndex=5&count=2&sortBy=userName');
      expect([...page1.Resources, ...page2.Resources, ...page3.Resources].map((u: any) => u.userName)).toEqual([
        'alice',
        'bob',
        'carol',
        'dave',
        'erin',
      ]);
      expect(page2).toMatchObject({ totalResults: 5, startIndex: 3, itemsPerPage: 2 });
      expect((await q('sortBy=userName&sortOrder=descending&count=1')).Resources[0].userName).toBe('erin');
      const filter = (f: string) => q(`filter=${encodeURIComponent(f)}`).then((b) => b.Resources.map((u: any) => u.userName).sort());
      expect(await filter('userName eq "ALICE"')).toEqual(['alice']);
      expect(await filter('userName sw "b" or displayName ew "IN"')).toEqual(['bob', 'erin']);
      expect(await filter('not (userName co "a")')).toEqual(['bob', 'erin']);
      expect(await filter('emails[type eq "work" and value co "carol"]')).toEqual(['carol']);
      expect(await filter('emails[type eq "work"].value eq "DAVE@example.com"')).toEqual(['dave']);
      expect(await filter('userName gt "bob" and userName le "dave"')).toEqual(['carol', 'dave']);
      expect(await filter('title pr')).toEqual([]);
      expect(await filter('meta.created gt "2000-01-01T00:00:00Z"')).toHaveLength(5);
      const only = await q('attributes=userName&count=1');
      expect(Object.keys(only.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
      const without = await q('excludedAttributes=emails,name&count=1');
      expect(without.Resources[0].emails).toBeUndefined();
      expect(without.Resources[0].userName).toBeDefined();
      const search = await scim.call('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'userName eq "bob"',
        attributes: ['userName'],
      });
      expect(search.body.Resources).toEqual([{ schemas: expect.any(Array), id: expect.any(String), userName: 'bob' }]);
    });

    it('answers bad filters with 400 invalidFilter naming the position, and a random-GUID lookup with an empty list', async () => {
      const scim = await fx.newIam();
      const bad = await scim.call('GET', `/Users?filter=${encodeURIComponent('userName eq')}`);
      expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidFilter', detail: expect.stringMatching(/position 11/) });
      expect((await scim.call('GET', `/Users?filter=${encodeURIComponent('shoeSize eq 3')}`)).body.scimType).toBe('invalidFilter');
      const guid = crypto.randomUUID();
      const probe = await scim.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${guid}"`)}`);
      expect(probe.body).toMatchObject({ totalResults: 0, Resources: [] });
      expect((await scim.call('GET', `/Users/${guid}`)).status).toBe(404);
      expect((await scim.call('GET', '/Users/not-a-uuid')).status).toBe(404);
    });
  });
}
