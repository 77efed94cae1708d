import { describe, expect, it } from 'vitest';
import type { TestDatabase } from '@roster/db/testing';
import fc from 'fast-check';
import { createScimHandler } from '../create-scim-handler.ts';
import { BADGE, fullUser, PUBLIC_URL, scimUser, useScimFixture } from './scim-fixture.ts';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CUSTOM = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:DEMOEXT';

/** Discovery endpoints, Bulk and /Me, run against each database backend. */
export function describeProtocolSuite(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`SCIM discovery and Bulk on ${backend}`, () => {
    const fx = useScimFixture(openDatabase);

    it('advertises its features and limits, resource types and every schema, custom extensions included', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: CUSTOM, prefix: 'demo' }] });
      const config = (await scim.call('GET', '/ServiceProviderConfig')).body;
      expect(config).toMatchObject({
        patch: { supported: true },
        bulk: { supported: true, maxOperations: 1000 },
        filter: { supported: true, maxResults: 1000 },
        sort: { supported: true },
        etag: { supported: true },
      });
      const types = (await scim.call('GET', '/ResourceTypes')).body;
      expect(types.Resources.map((t: any) => t.id)).toEqual(['User', 'Group']);
      expect(types.Resources[0].schemaExtensions.map((e: any) => e.schema)).toEqual([ENTERPRISE, CUSTOM]);
      const schemas = (await scim.call('GET', '/Schemas')).body.Resources.map((s: any) => s.id);
      expect(schemas).toEqual([
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:core:2.0:Group',
        ENTERPRISE,
        CUSTOM,
      ]);
      const user = (await scim.call('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
      expect(user.attributes.find((a: any) => a.name === 'userName')).toMatchObject({
        required: true,
        uniqueness: 'server',
        caseExact: false,
      });
      expect(user.meta.location).toBe(`${PUBLIC_URL}/scim/v2/${scim.iamId}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User`);
    });

    it('declares every attribute of RFC 7643 §4.1 and §4.3 in the §8.7.1 shape, and every attribute a User resource returns', async () => {
      const scim = await fx.newIam();
      const schemas = (await scim.call('GET', '/Schemas')).body.Resources;
      const user = schemas.find((s: any) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User');
      const enterprise = schemas.find((s: any) => s.id === ENTERPRISE);
      expect(user.attributes.map((a: any) => a.name)).toEqual([
        'userName',
        'name',
        'displayName',
        'nickName',
        'profileUrl',
        'title',
        'userType',
        'preferredLanguage',
        'locale',
        'timezone',
        'active',
        'password',
        'emails',
        'phoneNumbers',
        'ims',
        'photos',
        'addresses',
        'groups',
        'entitlements',
        'roles',
        'x509Certificates',
      ]);
      expect(enterprise.attributes.map((a: any) => a.name)).toEqual([
        'employeeNumber',
        'costCenter',
        'organization',
        'division',
        'department',
        'manager',
      ]);
      // RFC 7643 §7: every attribute and sub-attribute carries all of its characteristics.
      const characteristics = [
        'name',
        'type',
        'multiValued',
        'description',
        'required',
        'caseExact',
        'mutability',
        'returned',
        'uniqueness',
      ];
      const all = (attributes: any[]): any[] => attributes.flatMap((a) => [a, ...all(a.subAttributes ?? [])]);
      for (const attribute of all([...user.attributes, ...enterprise.attributes])) {
        expect(Object.keys(attribute), attribute.name).toEqual(expect.arrayContaining(characteristics));
        expect(attribute.type === 'complex', attribute.name).toBe(Array.isArray(attribute.subAttributes));
      }
      const byName = (attributes: any[], name: string) => attributes.find((a) => a.name === name);
      expect(byName(user.attributes, 'name').subAttributes.map((a: any) => a.name)).toEqual([
        'formatted',
        'familyName',
        'givenName',
        'middleName',
        'honorificPrefix',
        'honorificSuffix',
      ]);
      expect(byName(user.attributes, 'addresses').subAttributes.map((a: any) => a.name)).toEqual([
        'formatted',
        'streetAddress',
        'locality',
        'region',
        'postalCode',
        'country',
        'type',
        'primary',
      ]);
      expect(byName(user.attributes, 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect(byName(user.attributes, 'groups')).toMatchObject({ multiValued: true, mutability: 'readOnly' });
      expect(byName(user.attributes, 'profileUrl')).toMatchObject({ type: 'reference', referenceTypes: ['external'] });
      expect(byName(user.attributes, 'x509Certificates').subAttributes[0]).toMatchObject({ name: 'value', type: 'binary' });
      expect(byName(enterprise.attributes, 'manager').subAttributes.map((a: any) => a.name)).toEqual(['value', '$ref', 'displayName']);

      // Whatever a full User resource returns (custom extensions aside) is declared, sub-attributes included.
      const created = (await scim.call('POST', '/Users', fullUser('declared@example.com'))).body;
      const undeclared = (resource: Record<string, unknown>, attributes: any[], at: string): string[] =>
        Object.entries(resource).flatMap(([key, value]) => {
          const declared = byName(attributes, key);
          if (!declared) return [`${at}${key}`];
          const items = Array.isArray(value) ? value : [value];
          return declared.subAttributes ? items.flatMap((item) => undeclared(item, declared.subAttributes, `${at}${key}.`)) : [];
        });
      const { schemas: _s, id: _id, externalId: _x, meta: _m, [ENTERPRISE]: ext, [BADGE]: _custom, ...core } = created;
      expect([...undeclared(core, user.attributes, ''), ...undeclared(ext, enterprise.attributes, `${ENTERPRISE}:`)]).toEqual([]);
    });

    it('maps a custom extension URN onto its prefix', async () => {
      const scim = await fx.newIam({ syncAttributes: true, attributeSchema: [{ source: CUSTOM, prefix: 'demo' }] });
      const id = (await scim.call('POST', '/Users', scimUser('custom', { [CUSTOM]: { Test: 'yes', multi: ['a', 'b'] } }))).body.id;
      expect(await fx.roster.read((r) => r.userAttributes.get(id))).toEqual({ 'demo.Test': ['yes'], 'demo.multi': ['a', 'b'] });
      const found = await scim.call('GET', `/Users?filter=${encodeURIComponent(`${CUSTOM}:Test eq "yes"`)}`);
      expect(found.body.Resources[0][CUSTOM]).toEqual({ Test: 'yes', multi: ['a', 'b'] });
    });

    it('answers /Me and unsupported operations with 501, unknown paths with a SCIM 404', async () => {
      const scim = await fx.newIam();
      expect((await scim.call('GET', '/Me')).body).toMatchObject({ status: '501' });
      expect((await scim.call('GET', '/Nope')).body).toMatchObject({
        status: '404',
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      });
      expect((await scim.call('DELETE', '/Users')).body).toMatchObject({ status: '501' });
      expect((await scim.call('PUT', '/ServiceProviderConfig', {})).status).toBe(501);
    });

    it('answers any filter built from the grammar with 200 or 400, never a server error', async () => {
      const scim = await fx.newIam();
      await scim.call('POST', '/Users', scimUser('filtered', { title: 'T' }));
      const attribute = fc.constantFrom(
        'userName',
        'USERNAME',
        'id',
        'externalId',
        'displayName',
        'name.givenName',
        'active',
        'title',
        'emails',
        'emails.value',
        'emails.primary',
        'emails.type',
        'groups',
        'meta.created',
        'meta.lastModified',
        'phoneNumbers.value',
        `${ENTERPRISE}:department`,
        'shoeSize',
        `${CUSTOM}:x`,
      );
      const value = fc.oneof(
        fc.constantFrom('"x"', '"filtered"', 'true', 'false', 'null', '42', '"2020-01-01T00:00:00Z"', '"not a date"'),
        fc.string().map((s) => JSON.stringify(s)),
      );
      const op = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le');
      const leaf = fc.oneof(
        fc.tuple(attribute, op, value).map(([a, o, v]) => `${a} ${o} ${v}`),
        attribute.map((a) => `${a} pr`),
        fc.tuple(op, value).map(([o, v]) => `emails[type ${o} ${v}]`),
        fc.tuple(op, value).map(([o, v]) => `emails[type eq "work"].value ${o} ${v}`),
      );
      const filter = fc.letrec((tie) => ({
        node: fc.oneof(
          { depthSize: 'small' },
          leaf,
          fc.tuple(tie('node'), fc.constantFrom('and', 'or'), tie('node')).map(([l, k, r]) => `(${l}) ${k} ${r}`),
          tie('node').map((f) => `not (${f})`),
        ),
      })).node;
      await fc.assert(
        fc.asyncProperty(fc.oneof(filter, fc.string()), async (text) => {
          const reply = await scim.call('GET', `/Users?filter=${encodeURIComponent(text)}`);
          expect([200, 400], `${text}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
          if (reply.status === 400) expect(reply.body.scimType).toBe('invalidFilter');
        }),
        { numRuns: Number(process.env['SCIM_PROPERTY_RUNS'] ?? 60) },
      );
    });

    it('logs method, path and status, never the token or a password', async () => {
      const scim = await fx.newIam();
      const lines: unknown[] = [];
      const log = (o: object, m: string) => void lines.push([o, m]);
      const logger = { info: log, warn: log, error: log };
      const handler = createScimHandler({ roster: fx.roster, publicUrl: PUBLIC_URL, logger });
      const response = await handler(
        new Request(`${PUBLIC_URL}/scim/v2/${scim.iamId}/Users`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${scim.token}` },
          body: JSON.stringify(scimUser('logged', { password: 'S3cr3t-pa55' })),
        }),
      );
      expect(response.status).toBe(201);
      expect(lines).toEqual([[{ method: 'POST', path: `/scim/v2/${scim.iamId}/Users`, status: 201 }, 'SCIM request']]);
      expect(JSON.stringify(lines)).not.toContain(scim.token);
      expect(JSON.stringify(lines)).not.toContain('S3cr3t-pa55');
    });

    it('runs Bulk operations in order, resolving bulkId references, and stops after failOnErrors', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const reply = await scim.call('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', bulkId: 'u1', path: '/Users', data: scimUser('bulk1') },
          { method: 'POST', bulkId: 'g1', path: '/Groups', data: { displayName: 'Bulk Group', members: [{ value: 'bulkId:u1' }] } },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u1',
            data: {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
              Operations: [{ op: 'replace', value: { displayName: 'Bulk One' } }],
            },
          },
          { method: 'POST', bulkId: 'dup', path: '/Users', data: scimUser('BULK1') },
          { method: 'POST', bulkId: 'g2', path: '/Groups', data: { displayName: 'Broken', members: [{ value: 'bulkId:nope' }] } },
        ],
      });
      expect(reply.status).toBe(200);
      const ops = reply.body.Operations;
      expect(ops.map((o: any) => o.status)).toEqual(['201', '201', '200', '409', '409']);
      expect(ops[0].location).toMatch(new RegExp(`/scim/v2/${scim.iamId}/Users/`));
      expect(ops[3].response).toMatchObject({ scimType: 'uniqueness' });
      const group = (await scim.call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Bulk Group"')}`)).body.Resources[0];
      const userId = ops[0].location.split('/').pop();
      expect(group.members.map((m: any) => m.value)).toEqual([userId]);
      expect((await scim.call('GET', `/Users/${userId}`)).body.displayName).toBe('Bulk One');
      const stopped = await scim.call('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        failOnErrors: 1,
        Operations: [
          { method: 'POST', bulkId: 'x', path: '/Users', data: { schemas: [] } },
          { method: 'POST', bulkId: 'y', path: '/Users', data: scimUser('never') },
        ],
      });
      expect(stopped.body.Operations).toHaveLength(1);
      expect((await scim.call('GET', `/Users?filter=${encodeURIComponent('userName eq "never"')}`)).body.totalResults).toBe(0);
    });

    it('resolves bulkIds a later operation defines by running that one first, and refuses a cycle with 409 (RFC 7644 §3.7.2)', async () => {
      const scim = await fx.newIam({ syncGroups: true });
      const reply = await scim.call('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', bulkId: 'g1', path: '/Groups', data: { displayName: 'Forward', members: [{ value: 'bulkId:u1' }] } },
          { method: 'POST', bulkId: 'u1', path: '/Users', data: scimUser('forward1') },
          { method: 'POST', bulkId: 'ga', path: '/Groups', data: { displayName: 'Loop A', members: [{ value: 'bulkId:gb' }] } },
          { method: 'POST', bulkId: 'gb', path: '/Groups', data: { displayName: 'Loop B', members: [{ value: 'bulkId:ga' }] } },
        ],
      });
      const ops = reply.body.Operations;
      expect(ops.map((o: any) => [o.bulkId, o.status])).toEqual([
        ['u1', '201'],
        ['g1', '201'],
        ['ga', '409'],
        ['gb', '409'],
      ]);
      expect(ops[2].response.detail).toMatch(/cycle/);
      const userId = ops[0].location.split('/').pop();
      const group = (await scim.call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Forward"')}`)).body.Resources[0];
      expect(group.members.map((m: any) => m.value)).toEqual([userId]);
      expect((await scim.call('GET', `/Groups?filter=${encodeURIComponent('displayName sw "Loop"')}`)).body.totalResults).toBe(0);
    });
  });
}
