import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryUserInput, SourcedUser, UserMatchingAttribute } from '@roster/core';
import { expectCode } from '../testing/store-contract.ts';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster, type TestRoster } from '../testing/test-roster.ts';

// Core's reconciliation use cases (the rules SCIM, LDAP sync and SSO login share) on both databases.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('reconciling users on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: TestRoster;
  let n = 0;
  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    await roster.ensureBuiltinIam();
  });
  afterAll(async () => {
    await db?.close();
  });

  const samlIam = async (userMatchingAttribute: UserMatchingAttribute, settings: Record<string, unknown> = {}) =>
    (
      await roster.createIam({
        displayName: `Okta ${(n += 1)}`,
        type: 'SAML',
        scim: { enabled: true },
        settings: { userMatchingAttribute, ...settings },
      })
    ).iam;
  const pushed = (userName: string, fields: Partial<SourcedUser['fields']> = {}): SourcedUser => ({
    fields: {
      userName,
      externalId: null,
      active: true,
      displayName: null,
      givenName: null,
      familyName: null,
      emails: [],
      profile: {},
      ...fields,
    },
    attributes: null,
    sourceAttributes: { userName },
  });

  describe('a pushed user (SCIM POST)', () => {
    it.each([
      ['email', { emails: [{ value: 'ADA@corp.com', type: 'home', primary: true }] }],
      ['workEmail', { emails: [{ value: 'ada@corp.com', type: 'Work', primary: false }] }],
      ['displayName', { displayName: 'ada lovelace' }],
      ['userName', {}],
    ] satisfies [UserMatchingAttribute, Partial<SourcedUser['fields']>][])(
      'takes over the user it matches on %s, made at login',
      async (attribute, fields) => {
        const iam = await samlIam(attribute);
        const made = await roster.createUser(
          iam.id,
          { userName: 'ada', displayName: 'Ada Lovelace', emails: [{ value: 'ada@corp.com', type: 'work', primary: true }] },
          'SSO',
        );
        const { user } = await roster.reconcilePushedUser(
          iam,
          pushed(attribute === 'userName' ? 'ADA' : 'ada.l', { ...fields, externalId: 'okta-1' }),
          'SCIM',
        );
        expect(user).toMatchObject({ id: made.id, source: 'SCIM', externalId: 'okta-1' });
        expect(await roster.read((r) => r.users.count(iam.id))).toBe(1);
      },
    );

    it('never matches on id: a new user is created', async () => {
      const iam = await samlIam('id');
      const made = await roster.createUser(iam.id, { userName: 'grace' }, 'SSO');
      const { user } = await roster.reconcilePushedUser(iam, pushed('grace.h'), 'SCIM');
      expect(user.id).not.toBe(made.id);
      expect(user).toMatchObject({ source: 'SCIM', userName: 'grace.h' });
    });

    it('refuses a live SCIM user and a live user linked to another identity, takes over a deprovisioned one', async () => {
      const iam = await samlIam('userName');
      const live = await roster.reconcilePushedUser(iam, pushed('live', { externalId: 'x-1' }), 'SCIM');
      await expect(roster.reconcilePushedUser(iam, pushed('LIVE', { externalId: 'x-1' }), 'SCIM')).rejects.toMatchObject({
        code: 'USER_NAME_TAKEN',
        message: 'A user named "live" already exists.',
      });
      await roster.createUser(iam.id, { userName: 'linked', externalId: 'other-idp' }, 'SSO');
      await expectCode(roster.reconcilePushedUser(iam, pushed('linked', { externalId: 'x-2' }), 'SCIM'), 'USER_NAME_TAKEN');
      await roster.removeUser(live.user.id);
      const back = await roster.reconcilePushedUser(iam, pushed('live', { externalId: 'x-3' }), 'SCIM');
      expect(back.user).toMatchObject({ id: live.user.id, active: true, deprovisionedAt: null, externalId: 'x-3' });
    });

    it('refuses an ambiguous match rather than guessing', async () => {
      const iam = await samlIam('displayName');
      await roster.createUser(iam.id, { userName: 'a', displayName: 'Sam' }, 'SSO');
      await roster.createUser(iam.id, { userName: 'b', displayName: 'Sam' }, 'SSO');
      await expectCode(roster.reconcilePushedUser(iam, pushed('c', { displayName: 'Sam' }), 'SCIM'), 'AMBIGUOUS_MATCH');
    });
  });

  describe('a page of directory users', () => {
    const entry = (userName: string, externalId: string, active = true): DirectoryUserInput => ({
      externalId,
      active,
      fields: { userName, displayName: `${userName} (dir)` },
      attributes: null,
      sourceAttributes: { uid: [userName] },
    });
    // The IAM is read first: on PGlite a read inside the transaction's work would wait for it.
    const reconcile = async (iamId: string, users: DirectoryUserInput[]) => {
      const iam = await roster.getIam(iamId);
      return roster.transaction((ops) => ops.reconcileDirectoryUsers(iam, users));
    };

    it('creates, adopts by userName, follows by externalId, reactivates and deactivates', async () => {
      const { iam } = await roster.createIam({ displayName: `Directory ${(n += 1)}`, type: 'LDAP' });
      const atLogin = await roster.createUser(iam.id, { userName: 'lin' }, 'SSO');
      const gone = await roster.createUser(iam.id, { userName: 'kay' }, 'SSO');
      await roster.deactivateUser(gone.id);
      const first = await reconcile(iam.id, [entry('new', 'e-1'), entry('LIN', 'e-2'), entry('kay', 'e-3')]);
      expect(first.map((r) => r.outcome)).toEqual(['created', 'updated', 'reactivated']);
      expect(first.slice(1).map((r) => r.userId)).toEqual([atLogin.id, gone.id]);
      expect(await roster.read((r) => r.users.get(atLogin.id))).toMatchObject({ externalId: 'e-2', displayName: 'LIN (dir)' });

      const again = await reconcile(iam.id, [entry('new', 'e-1'), entry('LIN', 'e-2', false), entry('kay', 'e-3')]);
      expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'deactivated', 'unchanged']);
      const back = await reconcile(iam.id, [entry('renamed', 'e-1'), entry('LIN', 'e-2')]);
      expect(back.map((r) => r.outcome)).toEqual(['updated', 'reactivated']);
      expect(back[0]!.userId).toBe(first[0]!.userId);
    });
  });

  describe('migrating users', () => {
    it('moves users of the source IAM, all or nothing', async () => {
      const from = await samlIam('userName');
      const to = await samlIam('userName');
      const mine = await roster.createUser(from.id, { userName: 'mover', permissions: ['AUDIT'] }, 'SSO');
      const stranger = await roster.createUser(to.id, { userName: 'stranger' }, 'SSO');
      await expectCode(roster.migrateUsers(from.id, [mine.id, stranger.id], to.id), 'USER_NOT_FOUND');
      expect(await roster.read((r) => r.users.get(mine.id))).toMatchObject({ active: true, iamId: from.id });
      const [moved] = await roster.migrateUsers(from.id, [mine.id], to.id);
      expect(moved).toMatchObject({ iamId: to.id, userName: 'mover', permissions: ['AUDIT'] });
      expect(await roster.read((r) => r.users.get(mine.id))).toMatchObject({ active: false });
    });

    it('takes over a login user from the IAM it migrates from', async () => {
      const old = await samlIam('userName');
      await roster.createUser(old.id, { userName: 'grace' }, 'SSO');
      const iam = await samlIam('email', { migrateUsersFrom: old.id });
      const user = await roster.loginUser(iam.id, { userId: 'grace', attributes: {} });
      expect(user).toMatchObject({ iamId: iam.id, userName: 'grace' });
      expect((await roster.events.readAfter({ after: 0, iamId: iam.id, types: ['USER_MIGRATED'], limit: 5 })).length).toBe(1);
    });
  });
});
