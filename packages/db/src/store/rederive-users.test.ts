import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityStore } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster, type TestRoster } from '../testing/test-roster.ts';

// An IAM's changed profile or attribute schema re-derives every user from the kept source
// attributes, page by page, on both databases.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('re-deriving users after a schema change on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: TestRoster;
  let iamId: string;
  let transactions = 0;
  const USERS = 1_100;
  const entry = (n: number) => ({
    uid: [`u${n}`],
    cn: [`User ${n}`],
    sn: [`N${n}`],
    mail: [`u${n}@corp.com`],
    departmentNumber: [`D${n % 3}`],
    title: [n % 2 ? 'Engineer' : 'Manager'],
    otherMailbox: [`alt${n}@corp.com`],
  });
  const user = (n: number) => roster.read((repos) => repos.users.findByUserName(iamId, `u${n}`)).then((u) => u!);
  const attributesOf = async (n: number) => roster.read(async (repos) => repos.userAttributes.get((await user(n)).id));
  const eventsSince = (seq: number) => roster.events.readAfter({ after: seq, iamId, limit: 10_000 });

  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    const store = roster.deps.store as { transact: IdentityStore['transact'] };
    const transact = store.transact.bind(store);
    store.transact = (work) => ((transactions += 1), transact(work));
    iamId = (await roster.createIam({ displayName: 'Corp LDAP', type: 'LDAP', settings: { syncAttributes: true } })).iam.id;
    await roster.createUsers(
      iamId,
      Array.from({ length: USERS }, (_, i) => ({
        userName: `u${i}`,
        displayName: `User ${i}`,
        familyName: `N${i}`,
        emails: [{ value: `u${i}@corp.com`, type: 'work', primary: true }],
        sourceAttributes: entry(i),
      })),
      'LDAP',
    );
    await roster.createUser(iamId, { userName: 'made-by-admin', displayName: 'Admin Made' }, 'ADMIN');
  });
  afterAll(async () => db?.close());

  it('maps a new attribute rule onto every user from what the directory sent, a transaction per 500 users, an event per changed user', async () => {
    const last = await roster.events.lastSeq();
    transactions = 0;
    const { rederived } = await roster.updateIam(iamId, {
      settings: { attributeSchema: [{ source: 'departmentNumber', prefix: 'ldap', key: 'department' }] },
    });
    expect(rederived).toEqual({ users: USERS + 1, changed: USERS, invalid: 0 });
    expect(transactions).toBe(1 + 3); // the IAM's own, then 500 + 500 + 101 users
    expect(await attributesOf(4)).toEqual({ 'ldap.department': ['D1'] });
    const events = await eventsSince(last);
    const changed = events.filter((event) => event.type === 'USER_ATTRIBUTES_CHANGED');
    expect(changed).toHaveLength(USERS);
    const fifth = (await user(5)).id;
    expect(changed.find((event) => event.subjectId === fifth)?.data['changes']).toEqual({
      'ldap.department': { from: undefined, to: ['D2'] },
    });
    expect(events.filter((event) => event.type === 'USER_UPDATED')).toEqual([]);
  });

  it('moves attributes to a renamed prefix and keeps the ones an administrator set under another', async () => {
    await roster.setUserAttributes((await user(7)).id, { 'admin.clearance': ['high'] });
    await roster.updateIam(iamId, {
      settings: {
        attributeSchema: [
          { source: 'departmentNumber', prefix: 'dir', key: 'dept' },
          { source: 'title', prefix: 'dir' },
        ],
      },
    });
    expect(await attributesOf(7)).toEqual({ 'admin.clearance': ['high'], 'dir.dept': ['D1'], 'dir.title': ['Engineer'] });
  });

  it('fills a newly mapped profile field, clears it when the mapping goes, and leaves users with nothing kept alone', async () => {
    const admin = (await roster.read((repos) => repos.users.findByUserName(iamId, 'made-by-admin')))!;
    const last = await roster.events.lastSeq();
    await roster.updateIam(iamId, { settings: { profileSchema: { title: 'title', displayName: 'sn' } } });
    expect(await user(2)).toMatchObject({ displayName: 'N2', profile: { title: 'Manager' } });
    const updated = (await eventsSince(last)).filter((event) => event.type === 'USER_UPDATED');
    expect(updated).toHaveLength(USERS);
    expect(updated[0]?.data['changes']).toMatchObject({
      displayName: { from: expect.stringMatching(/^User /), to: expect.stringMatching(/^N/) },
    });
    await roster.updateIam(iamId, { settings: { profileSchema: { email: 'otherMailbox' } } });
    expect(await user(2)).toMatchObject({
      displayName: 'User 2',
      profile: {},
      emails: [{ value: 'alt2@corp.com', type: 'work', primary: true }],
    });
    expect((await roster.read((repos) => repos.users.findByEmail(iamId, 'ALT3@corp.com'))).map((u) => u.userName)).toEqual(['u3']);
    await roster.updateIam(iamId, { settings: { profileSchema: {} } });
    expect(await user(2)).toMatchObject({ emails: [{ value: 'u2@corp.com', type: 'work', primary: true }] });
    expect(await roster.read((repos) => repos.users.get(admin.id))).toEqual(admin);
  });

  it('writes a page only over the versions it read', async () => {
    const stale = await user(9);
    await roster.updateUser(stale.id, { displayName: 'Changed meanwhile' }, { actor: 'IDP' });
    const write = roster.transaction((_ops, repos) =>
      repos.bulk.updateUsers([{ user: { ...stale, displayName: 'Stale write', version: stale.version + 1 }, previous: stale }]),
    );
    await expect(write).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(await user(9)).toMatchObject({ displayName: 'Changed meanwhile' });
  });

  it('changes nothing and records nothing when the schemas did not change', async () => {
    const last = await roster.events.lastSeq();
    const { rederived } = await roster.updateIam(iamId, { displayName: 'Corp LDAP (renamed)' });
    expect(rederived).toBeNull();
    expect((await eventsSince(last)).map((event) => event.type)).toEqual(['IAM_UPDATED']);
  });
});
