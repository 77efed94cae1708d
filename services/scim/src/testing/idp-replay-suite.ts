import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@roster/db/testing';
import { patchOp, useScimFixture } from './scim-fixture.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

/** The request sequences Okta and Entra ID send (their SCIM guides and validators), end to end. */
export function describeIdpReplaySuite(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`IdP request sequences on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);
    const settings = { syncGroups: true, syncAttributes: true, attributeSchema: [{ source: ENTERPRISE, prefix: 'scimuser' }] };

    it('Okta: lookup, create, read, full PUT update, PATCH deactivation, push group, rename with every membership change, empty list', async () => {
      const okta = await fx.newIam(settings);
      const lookup = await okta.call('GET', `/Users?${q('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
      expect(lookup.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 0,
        Resources: [],
      });
      const body = {
        schemas: [USER],
        userName: 'test.user@okta.local',
        name: { givenName: 'Test', familyName: 'User' },
        emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
        displayName: 'Test User',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        groups: [],
        password: '1mz050nq',
        active: true,
      };
      const created = await okta.call('POST', '/Users', body);
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect((await okta.call('GET', `/Users/${id}`)).body).toMatchObject({
        userName: 'test.user@okta.local',
        displayName: 'Test User',
        active: true,
      });
      const put = await okta.call('PUT', `/Users/${id}`, { ...body, id, name: { givenName: 'Another', familyName: 'User' } });
      expect(put.body.name).toEqual({ givenName: 'Another', familyName: 'User' });
      const off = await okta.call('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }));
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      const on = await okta.call('PUT', `/Users/${id}`, { ...body, id, active: true });
      expect(on.body.active).toBe(true);
      const second = (await okta.call('POST', '/Users', { ...body, userName: 'second@okta.local', emails: [], externalId: 'x2' })).body.id;

      expect((await okta.call('GET', `/Groups?${q('displayName eq "Test SCIMv2"')}&startIndex=1&count=100`)).body.totalResults).toBe(0);
      const group = await okta.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Test SCIMv2', members: [] });
      expect(group.status).toBe(201);
      const gid = group.body.id;
      const renamed = await okta.call(
        'PATCH',
        `/Groups/${gid}`,
        patchOp(
          { op: 'replace', value: { id: gid, displayName: 'Test SCIMv2 renamed' } },
          {
            op: 'add',
            path: 'members',
            value: [
              { value: id, display: 'test.user@okta.local' },
              { value: second, display: 'second@okta.local' },
            ],
          },
        ),
      );
      expect(renamed.status).toBe(200);
      expect(renamed.body.displayName).toBe('Test SCIMv2 renamed');
      expect(renamed.body.members.map((m: any) => m.value).sort()).toEqual([id, second].sort());
      const removed = await okta.call(
        'PATCH',
        `/Groups/${gid}`,
        patchOp(
          { op: 'replace', value: { id: gid, displayName: 'Test SCIMv2 renamed' } },
          { op: 'remove', path: `members[value eq "${id}"]` },
        ),
      );
      expect(removed.body.members.map((m: any) => m.value)).toEqual([second]);
      const emptied = await okta.call('PUT', `/Groups/${gid}`, {
        schemas: [GROUP],
        id: gid,
        displayName: 'Test SCIMv2 renamed',
        members: [],
      });
      expect(emptied.status).toBe(200);
      expect(emptied.body.members).toEqual([]);
      expect((await okta.call('DELETE', `/Groups/${gid}`)).status).toBe(204);
    });

    it('Entra ID (default): GUID probe, create with enterprise extension, capitalised ops, string booleans, value-path and URN paths, members remove-with-value', async () => {
      const entra = await fx.newIam(settings);
      expect((await entra.call('GET', `/Users?${q(`userName eq "${crypto.randomUUID()}"`)}`)).body.totalResults).toBe(0);
      const created = await entra.call('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_ab6490ee@contoso.com',
        active: true,
        addresses: [{ primary: false, type: 'work', formatted: '1 Main St', locality: 'Redmond', country: 'US' }],
        displayName: 'Test User',
        emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@contoso.com' }],
        meta: { resourceType: 'User' },
        name: { formatted: 'Test User', familyName: 'User', givenName: 'Test' },
        phoneNumbers: [{ primary: true, type: 'work', value: '123-456-7890' }],
        title: 'Engineer',
        [ENTERPRISE]: { department: 'Dev', employeeNumber: '42', manager: { value: 'mgr-1' } },
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({
        title: 'Engineer',
        phoneNumbers: [{ value: '123-456-7890' }],
        addresses: [{ locality: 'Redmond' }],
        [ENTERPRISE]: { department: 'Dev', employeeNumber: '42', manager: { value: 'mgr-1' } },
      });
      const byEmail = await entra.call('GET', `/Users?${q('emails[type eq "work"].value eq "test_user_FD0EA19B@contoso.com"')}`);
      expect(byEmail.body.Resources.map((u: any) => u.id)).toEqual([id]);
      const patched = await entra.call(
        'PATCH',
        `/Users/${id}`,
        patchOp(
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updated@contoso.com' },
          { op: 'Replace', path: 'name.familyName', value: 'Updated' },
          { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Sales' },
          { op: 'Replace', path: `${ENTERPRISE}:manager`, value: 'mgr-2' },
          { op: 'Replace', path: 'active', value: 'False' },
        ),
      );
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        emails: [{ value: 'updated@contoso.com', type: 'work', primary: true }],
        name: { familyName: 'Updated', givenName: 'Test' },
        active: false,
      });
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toMatchObject({
        'scimuser.department': ['Sales'],
        'scimuser.manager': ['mgr-2'],
      });
      await entra.call('PATCH', `/Users/${id}`, patchOp({ op: 'Remove', path: `${ENTERPRISE}:manager` }));
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).not.toHaveProperty('scimuser.manager');
      const noWork = (await entra.call('POST', '/Users', { schemas: [USER], userName: 'nowork@contoso.com', active: true })).body.id;
      const added = await entra.call(
        'PATCH',
        `/Users/${noWork}`,
        patchOp({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'nowork@contoso.com' }),
      );
      expect(added.body.emails).toEqual([{ value: 'nowork@contoso.com', type: 'work', primary: false }]);

      expect(
        (await entra.call('GET', `/Groups?excludedAttributes=members&${q('displayName eq "Group1DisplayName"')}`)).body.totalResults,
      ).toBe(0);
      const gid = (
        await entra.call('POST', '/Groups', {
          schemas: [GROUP],
          externalId: '8aa1a0c0',
          displayName: 'Group1DisplayName',
          meta: { resourceType: 'Group' },
          members: [],
        })
      ).body.id;
      await entra.call('PATCH', `/Groups/${gid}`, patchOp({ op: 'Add', path: 'members', value: [{ value: id }, { value: noWork }] }));
      const removal = await entra.call('PATCH', `/Groups/${gid}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: id }] }));
      expect(removal.status).toBe(200);
      expect((await entra.call('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([noWork]);
      const rename = await entra.call('PATCH', `/Groups/${gid}`, patchOp({ op: 'Replace', path: 'displayName', value: 'Group1 Renamed' }));
      expect(rename.body.displayName).toBe('Group1 Renamed');
      expect((await entra.call('DELETE', `/Users/${id}`)).status).toBe(204);
    });

    it('Entra ID (aadOptscim062020): lowercase ops, pathless replace with dotted and URN-qualified keys, boolean active', async () => {
      const entra = await fx.newIam(settings);
      const id = (
        await entra.call('POST', '/Users', {
          schemas: [USER],
          userName: 'flag@contoso.com',
          active: true,
          name: { givenName: 'A', familyName: 'B' },
        })
      ).body.id;
      const reply = await entra.call(
        'PATCH',
        `/Users/${id}`,
        patchOp({
          op: 'replace',
          value: {
            displayName: 'Flag User',
            'name.givenName': 'Given',
            'name.familyName': 'Family',
            [`${ENTERPRISE}:department`]: 'Ops',
            'emails[type eq "work"].value': 'flag@contoso.com',
            active: false,
          },
        }),
      );
      expect(reply.body).toMatchObject({
        displayName: 'Flag User',
        name: { givenName: 'Given', familyName: 'Family' },
        active: false,
        emails: [{ value: 'flag@contoso.com' }],
        [ENTERPRISE]: { department: 'Ops' },
      });
    });

    it('PUT-driven providers (OneLogin, Ping, JumpCloud): full replaces of users and groups keep Roster in step', async () => {
      const idp = await fx.newIam(settings);
      const user = {
        schemas: [USER],
        userName: 'jdoe',
        externalId: 'ol-1',
        name: { givenName: 'J', familyName: 'Doe' },
        emails: [{ value: 'jdoe@x.io', primary: true }],
        active: true,
      };
      const id = (await idp.call('POST', '/Users', user)).body.id;
      await idp.call('PUT', `/Users/${id}`, { ...user, name: { givenName: 'Jane', familyName: 'Doe' }, active: false });
      expect(await fx.roster.read((r) => r.users.get(id))).toMatchObject({ givenName: 'Jane', active: false, externalId: 'ol-1' });
      const gid = (await idp.call('POST', '/Groups', { schemas: [GROUP], displayName: 'Admins', members: [{ value: id }] })).body.id;
      await idp.call('PUT', `/Groups/${gid}`, { schemas: [GROUP], displayName: 'Admins', members: [] });
      expect((await idp.call('GET', `/Groups/${gid}`)).body.members).toEqual([]);
      await idp.call('PATCH', `/Groups/${gid}`, patchOp({ op: 'replace', path: 'members', value: [{ value: id }] }));
      expect((await idp.call('GET', `/Groups/${gid}`)).body.members.map((m: any) => m.value)).toEqual([id]);
    });
  });
}
