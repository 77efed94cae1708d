import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_IAM_ID, isRosterError, mapAttributes, type Roster, type RosterErrorCode } from '@roster/core';
import type { TestDatabase } from './test-databases.ts';
import { createTestRoster } from './test-roster.ts';

type TestRoster = Awaited<ReturnType<typeof createTestRoster>>;

/** Expects `promise` to reject with a RosterError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: RosterErrorCode): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isRosterError(error) ? error.code : error).toBe(code);
}

/**
 * The one behaviour suite every storage backend must pass (Auth.js-style adapter contract),
 * exercised through core's use cases the way the services use them.
 */
export function describeStoreContract(backend: string, openDatabase: () => Promise<TestDatabase>): void {
  describe(`identity store contract on ${backend}`, () => {
    let db: TestDatabase;
    let roster: TestRoster;
    let n = 0;
    const unique = (base: string) => `${base}-${++n}`;
    const allEvents = () => roster.events.readAfter({ after: 0, limit: 10_000 });
    const eventsSince = async (seq: number) => roster.events.readAfter({ after: seq, limit: 10_000 });

    beforeAll(async () => {
      db = await openDatabase();
      roster = await createTestRoster(db);
      await roster.ensureBuiltinIam();
    });
    afterAll(async () => db?.close());
    beforeEach(() => roster.clock.set(new Date()));

    const other = (iamId: string) => (iamId === BUILTIN_IAM_ID ? 'x' : BUILTIN_IAM_ID);
    const newSamlIam = async (settings: Record<string, unknown> = {}, scim = false) =>
      (await roster.createIam({ displayName: unique('Okta SAML'), type: 'SAML', scim: { enabled: scim }, settings })).iam;

    describe('IAMs', () => {
      it('always has the built-in IAM bim, once', async () => {
        await roster.ensureBuiltinIam();
        const iams = await roster.listIams();
        expect(iams.filter((iam) => iam.id === BUILTIN_IAM_ID)).toHaveLength(1);
        expect(iams.find((iam) => iam.id === BUILTIN_IAM_ID)?.type).toBe('BUILTIN');
      });

      it('derives the IAM ID from the display name, suffixes a clash, and refuses a taken explicit ID', async () => {
        const first = await roster.createIam({ displayName: 'Corp Directory (EU)', type: 'LDAP' });
        const second = await roster.createIam({ displayName: 'Corp  Directory EU', type: 'LDAP' });
        expect(first.iam.id).toBe('corp-directory-eu');
        expect(second.iam.id).toBe('corp-directory-eu-2');
        await expectCode(roster.createIam({ displayName: 'x', id: 'corp-directory-eu', type: 'LDAP' }), 'IAM_ID_TAKEN');
        await expectCode(roster.updateIam('corp-directory-eu', { id: 'other' } as never), 'IMMUTABLE_FIELD');
        const renamed = await roster.updateIam('corp-directory-eu', { displayName: 'Renamed' });
        expect(renamed.iam.id).toBe('corp-directory-eu');
      });

      it('validates kind configuration with messages that name the field', async () => {
        const error = await roster.createIam({ displayName: 'Bad LDAP', type: 'LDAP', ldap: { url: 'http://x' } }).catch((e: unknown) => e);
        expect(isRosterError(error, 'VALIDATION_FAILED')).toBe(true);
        expect((error as Error).message).toMatch(/url: must be a URL starting with ldap:\/\/ or ldaps:\/\//);
        await expectCode(roster.createIam({ displayName: 'Builtin', type: 'BUILTIN' }), 'VALIDATION_FAILED');
        await expectCode(roster.createIam({ displayName: 'Mixed', type: 'SAML', oidc: { clientId: 'x' } }), 'VALIDATION_FAILED');
        await expectCode(
          roster.createIam({ displayName: 'Match', type: 'SAML', settings: { userMatchingAttribute: 'phoneNumber' } }),
          'VALIDATION_FAILED',
        );
      });

      it('deletes an IAM with its users only when told to migrate or delete them', async () => {
        const old = await newSamlIam();
        const next = await newSamlIam();
        const user = await roster.createUser(old.id, { userName: 'leaver@corp.com' }, 'SSO');
        await roster.createGroup(old.id, { displayName: 'old-group' });
        await expectCode(roster.deleteIam(old.id), 'VALIDATION_FAILED');
        await roster.deleteIam(old.id, { migrateUsersTo: next.id });
        expect(await roster.read((r) => r.iams.get(old.id))).toBeNull();
        expect(await roster.read((r) => r.users.get(user.id))).toBeNull();
        expect(await roster.read((r) => r.users.findByUserName(next.id, 'leaver@corp.com'))).toMatchObject({ active: true });
        const doomed = await newSamlIam();
        await roster.createUser(doomed.id, { userName: 'gone@corp.com' }, 'SSO');
        await roster.deleteIam(doomed.id, { deleteUsers: true });
        const types = (await roster.events.readAfter({ after: 0, iamId: doomed.id, limit: 10 })).map((e) => e.type);
        expect(types).toEqual(['IAM_CREATED', 'USER_CREATED', 'USER_DELETED', 'IAM_DELETED']);
      });

      it('shows the SCIM token once, keeps only its hash, and rotation stops the old one at once', async () => {
        const { iam, scimToken } = await roster.createIam({ displayName: unique('Entra'), type: 'OIDC', scim: { enabled: true } });
        expect(scimToken).toMatch(/^rscim_/);
        const row = await db.prisma.iam.findUniqueOrThrow({ where: { id: iam.id } });
        expect(JSON.stringify(row)).not.toContain(scimToken!);
        expect(await roster.verifyScimToken(iam.id, scimToken!)).not.toBeNull();
        expect(await roster.verifyScimToken(iam.id, `${scimToken}x`)).toBeNull();
        const rotated = await roster.rotateScimToken(iam.id);
        expect(await roster.verifyScimToken(iam.id, scimToken!)).toBeNull();
        expect(await roster.verifyScimToken(iam.id, rotated)).not.toBeNull();
      });

      it('seals secrets at rest and keeps them across unrelated updates', async () => {
        const { iam } = await roster.createIam({
          displayName: unique('AD'),
          type: 'LDAP',
          ldap: {
            url: 'ldaps://dc.example.com',
            bindDn: 'cn=svc,dc=example,dc=com',
            bindPassword: 's3cret-bind',
            userBaseDn: 'dc=example,dc=com',
          },
        });
        const row = await db.prisma.iam.findUniqueOrThrow({ where: { id: iam.id } });
        expect(JSON.stringify(row)).not.toContain('s3cret-bind');
        const { iam: updated } = await roster.updateIam(iam.id, { ldap: { userFilter: '(objectClass=user)' } });
        expect((await roster.read((r) => r.iams.get(iam.id)))!.config).toEqual(updated.config);
        const { openIamSecret } = await import('@roster/core');
        expect(await openIamSecret(updated, 'bindPassword', roster.deps.secrets)).toBe('s3cret-bind');
      });
    });

    describe('users', () => {
      it('grants default permissions at creation only', async () => {
        const iam = await newSamlIam({ defaultPermissions: ['IDENTITY_READ'] });
        const early = await roster.createUser(iam.id, { userName: 'early@corp.com' }, 'SSO');
        await roster.updateIam(iam.id, { settings: { defaultPermissions: ['AUDIT'] } });
        const late = await roster.createUser(iam.id, { userName: 'late@corp.com' }, 'SSO');
        expect((await roster.read((r) => r.users.get(early.id)))!.permissions).toEqual(['IDENTITY_READ']);
        expect(late.permissions).toEqual(['AUDIT']);
      });

      it('keeps userName unique per IAM, case-insensitively, and free across IAMs', async () => {
        const a = await newSamlIam();
        const b = await newSamlIam();
        await roster.createUser(a.id, { userName: 'Ada.Lovelace@corp.com' }, 'SCIM');
        await expectCode(roster.createUser(a.id, { userName: 'ada.lovelace@CORP.com' }, 'SCIM'), 'USER_NAME_TAKEN');
        await roster.createUser(b.id, { userName: 'ada.lovelace@corp.com' }, 'SCIM');
        const found = await roster.read((r) => r.users.findByUserName(a.id, 'ADA.LOVELACE@corp.com'));
        expect(found?.userName).toBe('Ada.Lovelace@corp.com');
      });

      it('refuses one external username for users of two IAMs', async () => {
        const a = await newSamlIam();
        const b = await newSamlIam();
        await roster.createUser(a.id, { userName: 'grace', externalUsername: 'GHOPPER' }, 'SCIM');
        await expectCode(roster.createUser(b.id, { userName: 'grace', externalUsername: 'ghopper' }, 'SCIM'), 'EXTERNAL_USERNAME_CLAIMED');
      });

      it('deactivates and reactivates with one event each, and an unchanged update writes nothing', async () => {
        const iam = await newSamlIam();
        const user = await roster.createUser(iam.id, { userName: 'linus', displayName: 'Linus' }, 'SCIM');
        const mark = await roster.events.lastSeq();
        await roster.deactivateUser(user.id);
        await roster.deactivateUser(user.id);
        await roster.reactivateUser(user.id);
        const same = await roster.updateUser(user.id, { displayName: 'Linus' }, { actor: 'IDP' });
        expect(same.version).toBe(user.version + 2);
        expect((await eventsSince(mark)).map((e) => e.type)).toEqual(['USER_DEACTIVATED', 'USER_REACTIVATED']);
      });

      it('deactivates IdP users instead of deleting them, and deletes built-in users', async () => {
        const iam = await newSamlIam();
        const external = await roster.createUser(iam.id, { userName: 'gone@corp.com' }, 'SCIM');
        const removed = await roster.removeUser(external.id);
        expect(removed).toMatchObject({ active: false, deprovisionedAt: expect.any(Date) });
        const local = await roster.createUser(BUILTIN_IAM_ID, { userName: unique('local') }, 'ADMIN');
        expect(await roster.removeUser(local.id)).toBeNull();
        expect(await roster.read((r) => r.users.get(local.id))).toBeNull();
        expect(await roster.read((r) => r.users.get(external.id))).toMatchObject({ active: false });
      });

      it('refuses administrator edits of fields the IdP owns, but lets the IdP change them', async () => {
        const iam = await newSamlIam({ profileSchema: { title: 'jobTitle' } });
        const user = await roster.createUser(iam.id, { userName: 'owned', profile: { title: 'Engineer' } }, 'SSO');
        await expectCode(roster.updateUser(user.id, { profile: { title: 'CEO' } }, { actor: 'ADMIN' }), 'FIELD_OWNED_BY_IDP');
        await expectCode(roster.updateUser(user.id, { userName: 'renamed' }, { actor: 'ADMIN' }), 'FIELD_OWNED_BY_IDP');
        const ok = await roster.updateUser(user.id, { profile: { department: 'R&D' } }, { actor: 'ADMIN' });
        expect(ok.profile).toEqual({ title: 'Engineer', department: 'R&D' });
        const byIdp = await roster.updateUser(user.id, { profile: { title: 'CEO' } }, { actor: 'IDP' });
        expect(byIdp.profile.title).toBe('CEO');
      });

      it('migrates a user to another IAM with permissions, attributes and memberships, deactivating the old account', async () => {
        const from = await newSamlIam();
        const to = await newSamlIam({ defaultPermissions: ['IDENTITY_READ'] });
        const old = await roster.createUser(
          from.id,
          { userName: 'mover@corp.com', externalUsername: 'MOVER', permissions: ['AUDIT'] },
          'SSO',
        );
        const group = await roster.createGroup(from.id, { displayName: 'Analysts' });
        await roster.addMembers(group.id, [old.id]);
        await roster.setUserAttributes(old.id, { 'hr.level': ['3'] });
        const migrated = await roster.migrateUser(old.id, to.id);
        expect(migrated).toMatchObject({
          iamId: to.id,
          userName: 'mover@corp.com',
          active: true,
          externalUsername: 'MOVER',
          permissions: ['AUDIT', 'IDENTITY_READ'],
        });
        expect(await roster.read((r) => r.userAttributes.get(migrated.id))).toEqual({ 'hr.level': ['3'] });
        const groups = await roster.read(async (r) => r.groups.getMany(await r.memberships.groupIdsOf(migrated.id)));
        expect(groups.map((g) => [g.iamId, g.displayName])).toEqual([[to.id, 'Analysts']]);
        expect(await roster.read((r) => r.users.get(old.id))).toMatchObject({ active: false, externalUsername: null });
        const types = (await roster.events.readAfter({ after: 0, iamId: to.id, types: ['USER_MIGRATED'], limit: 10 })).map((e) => e.data);
        expect(types).toEqual([{ fromIamId: from.id, fromUserId: old.id, userName: 'mover@corp.com' }]);
        await expectCode(roster.migrateUser(migrated.id, to.id), 'VALIDATION_FAILED');
      });

      it('finds users by each matching attribute', async () => {
        const iam = await newSamlIam();
        const user = await roster.createUser(
          iam.id,
          {
            userName: 'match',
            displayName: 'Match Me',
            emails: [
              { value: 'Home@Example.com', type: 'home' },
              { value: 'Work@Corp.com', type: 'work', primary: true },
            ],
          },
          'SCIM',
        );
        const { findMatchingUser } = await import('@roster/core');
        const find = (attribute: 'id' | 'userName' | 'email' | 'displayName' | 'workEmail', value: string) =>
          roster.read((r) => findMatchingUser(r, iam.id, attribute, value)).then((u) => u?.id ?? null);
        expect(await find('id', user.id)).toBe(user.id);
        expect(await find('userName', 'MATCH')).toBe(user.id);
        expect(await find('email', 'home@example.com')).toBe(user.id);
        expect(await find('workEmail', 'work@corp.com')).toBe(user.id);
        expect(await find('workEmail', 'home@example.com')).toBeNull();
        expect(await find('displayName', 'match me')).toBe(user.id);
        expect(await roster.read((r) => findMatchingUser(r, 'bim', 'id', user.id))).toBeNull();
      });
    });

    describe('groups, memberships and permissions', () => {
      it('keeps group displayName unique per IAM, case-insensitively', async () => {
        const iam = await newSamlIam();
        await roster.createGroup(iam.id, { displayName: 'Data Engineers' });
        await expectCode(roster.createGroup(iam.id, { displayName: 'data engineers' }), 'GROUP_NAME_TAKEN');
      });

      it('derives permissions from memberships: effective = explicit plus group-derived', async () => {
        const iam = await newSamlIam({ groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN', 'AUDIT'] }] });
        const user = await roster.createUser(iam.id, { userName: 'perm', permissions: ['IDENTITY_READ'] }, 'SCIM');
        const admins = await roster.createGroup(iam.id, { displayName: 'admins' });
        expect(await roster.addMembers(admins.id, [user.id, user.id])).toEqual([user.id]);
        expect(await roster.addMembers(admins.id, [user.id])).toEqual([]);
        let stored = (await roster.read((r) => r.users.get(user.id)))!;
        expect(stored.permissions).toEqual(['IDENTITY_READ']);
        expect(stored.groupPermissions).toEqual(['AUDIT', 'USER_ADMIN']);
        await roster.updateGroup(admins.id, { displayName: 'former-admins' });
        stored = (await roster.read((r) => r.users.get(user.id)))!;
        expect(stored.groupPermissions).toEqual([]);
        await roster.updateGroup(admins.id, { displayName: 'Admins' });
        await roster.removeMembers(admins.id, [user.id]);
        stored = (await roster.read((r) => r.users.get(user.id)))!;
        expect(stored.groupPermissions).toEqual([]);
        await roster.addMembers(admins.id, [user.id]);
        await roster.deleteGroup(admins.id);
        expect((await roster.read((r) => r.users.get(user.id)))!.groupPermissions).toEqual([]);
      });

      it("recomputes members' permissions when the IAM's group permissions change", async () => {
        const iam = await newSamlIam();
        const user = await roster.createUser(iam.id, { userName: 'mapped' }, 'SCIM');
        const group = await roster.createGroup(iam.id, { displayName: 'auditors' });
        await roster.addMembers(group.id, [user.id]);
        await roster.updateIam(iam.id, { settings: { groupPermissions: [{ group: 'Auditors', permissions: ['AUDIT'] }] } });
        expect((await roster.read((r) => r.users.get(user.id)))!.groupPermissions).toEqual(['AUDIT']);
        await roster.updateIam(iam.id, { settings: { groupPermissions: [] } });
        expect((await roster.read((r) => r.users.get(user.id)))!.groupPermissions).toEqual([]);
      });

      it('replaces members wholesale, also with an empty list, with one event per membership', async () => {
        const iam = await newSamlIam();
        const [u1, u2, u3] = await Promise.all(['m1', 'm2', 'm3'].map((name) => roster.createUser(iam.id, { userName: name }, 'SCIM')));
        const group = await roster.createGroup(iam.id, { displayName: 'team' });
        await roster.addMembers(group.id, [u1!.id, u2!.id]);
        const mark = await roster.events.lastSeq();
        const result = await roster.replaceMembers(group.id, [u2!.id, u3!.id]);
        expect(result).toEqual({ added: [u3!.id], removed: [u1!.id] });
        const touched = await roster.read((r) => r.groups.get(group.id));
        expect(touched!.version).toBeGreaterThan(group.version);
        expect((await eventsSince(mark)).map((e) => e.type).sort()).toEqual(['MEMBERSHIP_ADDED', 'MEMBERSHIP_REMOVED']);
        await roster.replaceMembers(group.id, []);
        expect(await roster.read((r) => r.memberships.memberIds(group.id))).toEqual([]);
        expect(await roster.read((r) => r.memberships.groupIdsOf(u2!.id))).toEqual([]);
      });

      it('refuses members from another IAM', async () => {
        const a = await newSamlIam();
        const b = await newSamlIam();
        const outsider = await roster.createUser(b.id, { userName: 'outsider' }, 'SCIM');
        const group = await roster.createGroup(a.id, { displayName: 'insiders' });
        await expectCode(roster.addMembers(group.id, [outsider.id]), 'CROSS_IAM_MEMBERSHIP');
      });
    });

    describe('attributes', () => {
      it('stores mapped attributes under their prefix and replaces only the synced prefixes', async () => {
        const iam = await newSamlIam();
        const user = await roster.createUser(iam.id, { userName: 'attrs' }, 'SCIM');
        const mapped = mapAttributes(
          { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { Test: 'a', department: 'R&D' }, groups: 'x;y' },
          [
            { source: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', prefix: 'scimuser' },
            { source: 'groups', prefix: 'idp', delimiter: ';' },
          ],
        );
        await roster.setUserAttributes(user.id, { 'manual.level': ['3'] });
        await roster.setUserAttributes(user.id, mapped, { prefixes: ['scimuser', 'idp'] });
        expect(await roster.read((r) => r.userAttributes.get(user.id))).toEqual({
          'idp.groups': ['x', 'y'],
          'manual.level': ['3'],
          'scimuser.Test': ['a'],
          'scimuser.department': ['R&D'],
        });
        const mark = await roster.events.lastSeq();
        await roster.setUserAttributes(user.id, { 'scimuser.Test': ['a'] }, { prefixes: ['scimuser'] });
        const [changed] = await eventsSince(mark);
        expect(changed?.type).toBe('USER_ATTRIBUTES_CHANGED');
        expect(changed?.data).toEqual({ changes: { 'scimuser.department': { from: ['R&D'], to: undefined } } });
        await roster.setUserAttributes(user.id, { 'scimuser.Test': ['a'] }, { prefixes: ['scimuser'] });
        expect(await eventsSince(mark)).toHaveLength(1);
        await expectCode(roster.setUserAttributes(user.id, { nodot: ['x'] }), 'VALIDATION_FAILED');
      });
    });

    describe('login and sessions', () => {
      const loginSettings = {
        defaultPermissions: ['IDENTITY_READ'],
        syncGroups: true,
        syncAttributes: true,
        profileSchema: { displayName: 'name', email: 'email', title: 'jobTitle' },
        attributeSchema: [{ source: 'department', prefix: 'oidc' }],
        groupPermissions: [{ group: 'Admins', permissions: ['USER_ADMIN'] }],
      };

      it('creates the user just in time with default permissions, then keeps profile, groups and attributes in step', async () => {
        const iam = await newSamlIam(loginSettings);
        const first = await roster.transaction((ops) =>
          ops.loginUser(iam.id, {
            userId: 'ada@corp.com',
            attributes: { name: 'Ada', email: 'ada@corp.com', jobTitle: 'Countess', department: 'Math' },
            groups: ['Admins', 'Analysts'],
          }),
        );
        expect(first).toMatchObject({
          userName: 'ada@corp.com',
          source: 'SSO',
          displayName: 'Ada',
          permissions: ['IDENTITY_READ'],
          groupPermissions: ['USER_ADMIN'],
          profile: { title: 'Countess' },
        });
        expect(first.emails).toEqual([{ value: 'ada@corp.com', type: 'work', primary: true }]);
        await roster.updateIam(iam.id, { settings: { defaultPermissions: ['AUDIT'] } });
        const mark = await roster.events.lastSeq();
        const again = await roster.transaction((ops) =>
          ops.loginUser(iam.id, {
            userId: 'ADA@corp.com',
            attributes: { name: 'Ada Lovelace', email: 'ada@corp.com', department: 'Engines' },
            groups: ['analysts'],
          }),
        );
        expect(again).toMatchObject({
          id: first.id,
          displayName: 'Ada Lovelace',
          permissions: ['IDENTITY_READ'],
          groupPermissions: [],
          profile: { title: 'Countess' },
        });
        expect(await roster.read((r) => r.userAttributes.get(first.id))).toEqual({ 'oidc.department': ['Engines'] });
        const types = (await eventsSince(mark)).map((e) => e.type).sort();
        expect(types).toEqual(['MEMBERSHIP_REMOVED', 'USER_ATTRIBUTES_CHANGED', 'USER_UPDATED', 'USER_UPDATED']);
        const unchanged = await roster.events.lastSeq();
        await roster.transaction((ops) =>
          ops.loginUser(iam.id, {
            userId: 'ada@corp.com',
            attributes: { name: 'Ada Lovelace', email: 'ada@corp.com', department: 'Engines' },
            groups: ['Analysts'],
          }),
        );
        expect(await eventsSince(unchanged)).toEqual([]);
      });

      it('takes users over from the IAM it migrates from, and refuses deactivated users', async () => {
        const old = await newSamlIam();
        const legacy = await roster.createUser(old.id, { userName: 'grace@corp.com', permissions: ['AUDIT'] }, 'SSO');
        const iam = await newSamlIam({ migrateUsersFrom: old.id });
        const moved = await roster.transaction((ops) => ops.loginUser(iam.id, { userId: 'grace@corp.com', attributes: {} }));
        expect(moved).toMatchObject({ iamId: iam.id, permissions: ['AUDIT'] });
        expect(await roster.read((r) => r.users.get(legacy.id))).toMatchObject({ active: false });
        await roster.deactivateUser(moved.id);
        await expectCode(
          roster.transaction((ops) => ops.loginUser(iam.id, { userId: 'grace@corp.com', attributes: {} })),
          'FORBIDDEN',
        );
      });

      it('keeps sessions by token hash, with idle and absolute expiry, logout and deactivation', async () => {
        const iam = await newSamlIam({ groupPermissions: [{ group: 'ops', permissions: ['AUDIT'] }] });
        const user = await roster.createUser(iam.id, { userName: unique('session') }, 'SSO');
        const group = await roster.createGroup(iam.id, { displayName: 'ops' });
        await roster.addMembers(group.id, [user.id]);
        const fresh = await roster.read((r) => r.users.get(user.id));
        const { token, session } = await roster.startSession(fresh!);
        expect(JSON.stringify(await db.prisma.session.findMany())).not.toContain(token);
        expect(await roster.authenticateSession(token)).toMatchObject({ kind: 'SESSION', userId: user.id, permissions: ['AUDIT'] });
        const start = session.createdAt.getTime();
        roster.clock.set(new Date(start + 9 * 3600_000));
        expect(await roster.authenticateSession(token)).toBeNull();
        roster.clock.set(new Date(start));
        const second = await roster.startSession(fresh!);
        for (let hours = 7; hours <= 21; hours += 7) {
          roster.clock.set(new Date(start + hours * 3600_000));
          expect(await roster.authenticateSession(second.token)).not.toBeNull();
        }
        roster.clock.set(new Date(start + 25 * 3600_000));
        expect(await roster.authenticateSession(second.token)).toBeNull();
        roster.clock.set(new Date(start));
        const third = await roster.startSession(fresh!);
        await roster.endSession(third.token);
        expect(await roster.authenticateSession(third.token)).toBeNull();
        const fourth = await roster.startSession(fresh!);
        await roster.deactivateUser(user.id);
        expect(await roster.authenticateSession(fourth.token)).toBeNull();
        expect(await roster.endUserSessions(user.id)).toBe(3);
        expect(await roster.endUserSessions(user.id)).toBe(0);
      });

      it('ends the sessions a SAML IdP names by NameID, narrowed by SessionIndex when given', async () => {
        const iam = await newSamlIam();
        const other = await newSamlIam();
        const user = await roster.createUser(iam.id, { userName: unique('slo') }, 'SSO');
        const a = await roster.startSession(user, { nameId: 'ada@corp.com', sessionIndex: 'idx-a' });
        const b = await roster.startSession(user, { nameId: 'ada@corp.com', sessionIndex: 'idx-b' });
        expect(await roster.endSsoSessions(other.id, 'ada@corp.com', [])).toBe(0);
        expect(await roster.endSsoSessions(iam.id, 'ada@corp.com', ['idx-b', 'idx-z'])).toBe(1);
        expect(await roster.authenticateSession(a.token)).not.toBeNull();
        expect(await roster.authenticateSession(b.token)).toBeNull();
        expect(await roster.findSession(a.token)).toMatchObject({ ssoNameId: 'ada@corp.com', ssoSessionIndex: 'idx-a', endedAt: null });
        expect(await roster.endSsoSessions(iam.id, 'ada@corp.com', [])).toBe(1);
        expect(await roster.authenticateSession(a.token)).toBeNull();
      });

      it('hands out a pending SAML request once, never after it expired, and refuses a replayed assertion ID', async () => {
        const iam = await newSamlIam();
        const now = roster.clock.now();
        const later = new Date(now.getTime() + 300_000);
        await roster.transaction((_ops, r) =>
          r.saml.saveRequest({ id: '_req1', iamId: iam.id, kind: 'LOGIN', relayState: '/home', expiresAt: later }),
        );
        expect(await roster.transaction((_ops, r) => r.saml.takeRequest('bim', '_req1', now))).toBeNull();
        expect(await roster.transaction((_ops, r) => r.saml.takeRequest(iam.id, '_req1', now))).toMatchObject({
          id: '_req1',
          kind: 'LOGIN',
          relayState: '/home',
        });
        expect(await roster.transaction((_ops, r) => r.saml.takeRequest(iam.id, '_req1', now))).toBeNull();
        await roster.transaction((_ops, r) =>
          r.saml.saveRequest({ id: '_req2', iamId: iam.id, kind: 'LOGIN', relayState: null, expiresAt: later }),
        );
        expect(await roster.transaction((_ops, r) => r.saml.takeRequest(iam.id, '_req2', new Date(later.getTime() + 1)))).toBeNull();
        expect(await roster.transaction((_ops, r) => r.saml.rememberAssertion(iam.id, '_a1', later, now))).toBe(true);
        expect(await roster.transaction((_ops, r) => r.saml.rememberAssertion(iam.id, '_a1', later, now))).toBe(false);
        expect(await roster.transaction((_ops, r) => r.saml.rememberAssertion(other(iam.id), '_a1', later, now))).toBe(true);
        // Once expired it is forgotten; the assertion's own validity window refuses it by then.
        expect(
          await roster.transaction((_ops, r) =>
            r.saml.rememberAssertion(iam.id, '_a1', new Date(later.getTime() + 600_000), new Date(later.getTime() + 1)),
          ),
        ).toBe(true);
      });

      it("records the external endpoint's last outcome without touching the IAM's updatedAt", async () => {
        const iam = await newSamlIam();
        expect(await roster.read((r) => r.iams.externalLookupStatus(iam.id))).toBeNull();
        const at = new Date('2026-01-02T03:04:05.000Z');
        await roster.transaction((_ops, r) => r.iams.recordExternalLookup(iam.id, { at, error: 'timed out after 3000 ms' }));
        expect(await roster.read((r) => r.iams.externalLookupStatus(iam.id))).toEqual({ at, error: 'timed out after 3000 ms' });
        expect((await roster.read((r) => r.iams.get(iam.id)))!.updatedAt).toEqual(iam.updatedAt);
      });
    });

    describe('event log', () => {
      it('writes one event per committed change and none for a rolled-back one', async () => {
        const iam = await newSamlIam();
        const mark = await roster.events.lastSeq();
        const failure = roster.transaction(async (ops) => {
          const user = await ops.createUser(iam.id, { userName: 'ghost' }, 'SCIM');
          await ops.createGroup(iam.id, { displayName: 'ghosts' });
          await ops.addMembers((await ops.createGroup(iam.id, { displayName: 'more ghosts' })).id, [user.id]);
          await ops.createUser(iam.id, { userName: 'GHOST' }, 'SCIM');
        });
        await expectCode(failure, 'USER_NAME_TAKEN');
        expect(await eventsSince(mark)).toEqual([]);
        expect(await roster.read((r) => r.users.findByUserName(iam.id, 'ghost'))).toBeNull();
        expect(await roster.events.lastSeq()).toBe(mark);
        const user = await roster.createUser(iam.id, { userName: 'real' }, 'SCIM');
        const events = await eventsSince(mark);
        expect(events.map((e) => [e.seq, e.type, e.subjectId])).toEqual([[mark + 1, 'USER_CREATED', user.id]]);
      });

      it('numbers events strictly increasingly under concurrent writers, with no gaps', async () => {
        const iam = await newSamlIam();
        const mark = await roster.events.lastSeq();
        await Promise.all(Array.from({ length: 25 }, (_, i) => roster.createUser(iam.id, { userName: `concurrent-${i}` }, 'SCIM')));
        const seqs = (await eventsSince(mark)).map((e) => e.seq);
        expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => mark + 1 + i));
        const all = await allEvents();
        expect(all.every((e, i) => i === 0 || e.seq > all[i - 1]!.seq)).toBe(true);
      });

      it('notifies listeners after commit with the last sequence number', async () => {
        const iam = await newSamlIam();
        const heard: number[] = [];
        const stop = roster.notifier.subscribe((seq) => heard.push(seq));
        await roster.createUser(iam.id, { userName: 'heard' }, 'SCIM');
        await expectCode(roster.createUser(iam.id, { userName: 'HEARD' }, 'SCIM'), 'USER_NAME_TAKEN');
        stop();
        expect(heard).toEqual([await roster.events.lastSeq()]);
      });

      it('filters events by IAM and type', async () => {
        const iam = await newSamlIam();
        await roster.createUser(iam.id, { userName: 'filtered' }, 'SCIM');
        const events = await roster.events.readAfter({ after: 0, iamId: iam.id, types: ['USER_CREATED'], limit: 100 });
        expect(events.map((e) => e.type)).toEqual(['USER_CREATED']);
      });
    });

    describe('sync runs and tokens', () => {
      it('runs one sync per IAM at a time and records its end', async () => {
        const { iam } = await roster.createIam({ displayName: unique('LDAP'), type: 'LDAP' });
        const run = await roster.startSyncRun(iam.id, { mode: 'FULL', trigger: 'MANUAL' });
        await expectCode(roster.startSyncRun(iam.id, { mode: 'DELTA', trigger: 'API' }), 'SYNC_ALREADY_RUNNING');
        const done = await roster.finishSyncRun(run.id, { ...run.counts, usersCreated: 3 });
        expect(done).toMatchObject({ status: 'SUCCEEDED', counts: { usersCreated: 3 } });
        await expectCode(roster.failSyncRun(run.id, 'late'), 'SYNC_RUN_FINISHED');
        const types = (await roster.events.readAfter({ after: 0, iamId: iam.id, limit: 10 })).map((e) => e.type);
        expect(types).toEqual(['IAM_CREATED', 'SYNC_RUN_STARTED', 'SYNC_RUN_FINISHED']);
      });

      it('marks runs whose process stopped beating as failed, and leaves live ones alone', async () => {
        const { iam } = await roster.createIam({ displayName: unique('LDAP'), type: 'LDAP' });
        const run = await roster.startSyncRun(iam.id, { mode: 'FULL', trigger: 'SCHEDULE' });
        expect((await roster.failInterruptedSyncRuns()).map((r) => r.id)).not.toContain(run.id);
        roster.clock.set(new Date(run.startedAt.getTime() + 90_000));
        await roster.beatSyncRun(run.id);
        roster.clock.set(new Date(run.startedAt.getTime() + 200_000));
        expect((await roster.failInterruptedSyncRuns()).map((r) => r.id)).not.toContain(run.id);
        roster.clock.set(new Date(run.startedAt.getTime() + 220_000));
        const failed = await roster.failInterruptedSyncRuns();
        expect(failed.map((r) => r.id)).toContain(run.id);
        expect((await roster.read((r) => r.syncRuns.get(run.id)))?.status).toBe('FAILED');
      });

      it('authenticates API tokens until revoked or expired, storing only hashes', async () => {
        const { token, apiToken } = await roster.createApiToken({ name: 'ci', permissions: ['IDENTITY_READ'] });
        expect(JSON.stringify(await db.prisma.apiToken.findMany())).not.toContain(token);
        expect(await roster.authenticate(token)).toMatchObject({ kind: 'API_TOKEN', permissions: ['IDENTITY_READ'] });
        await roster.revokeApiToken(apiToken.id);
        expect(await roster.authenticate(token)).toBeNull();
        const short = await roster.createApiToken({ name: 'short', permissions: ['AUDIT'], expiresAt: new Date(Date.now() + 60_000) });
        roster.clock.set(new Date(Date.now() + 120_000));
        expect(await roster.authenticate(short.token)).toBeNull();
      });

      it('makes a bootstrap admin token only when no admin token exists', async () => {
        const first = await roster.ensureBootstrapAdminToken();
        expect(first).toMatch(/^rtok_/);
        expect(await roster.authenticate(first!)).toMatchObject({ permissions: ['APPLICATION_ADMIN'] });
        expect(await roster.ensureBootstrapAdminToken()).toBeNull();
      });
    });
  });
}

export type { Roster };
