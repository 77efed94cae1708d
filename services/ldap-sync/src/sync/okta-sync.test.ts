import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual as isEqual } from 'node:util';
import type { Iam } from '@roster/core';
import {
  adminClient,
  BACKENDS,
  createOktaIam,
  nextSecond,
  oktaTreeLdif,
  openSyncFixture,
  startTestSlapd,
  userName,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

const SUFFIX = 'dc=acme,dc=okta,dc=com';
const TREE = { users: 30, groups: 3 };
const userDn = (n: number) => `uid=${userName(n)},ou=users,${SUFFIX}`;
const groupDn = (n: number) => `cn=group000${n},ou=groups,${SUFFIX}`;

describe.each(BACKENDS)('Okta LDAP Interface sync on %s', (_name, open) => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  let ldap: Client;
  let iam: Iam;
  const user = async (n: number) => (await fx.roster.read((repos) => repos.users.findByUserName(iam.id, userName(n))))!;
  const membersOf = async (group: string) => {
    const found = (await fx.roster.read((repos) => repos.groups.findByDisplayName(iam.id, group)))!;
    const ids = await fx.roster.read((repos) => repos.memberships.memberIds(found.id));
    return (await fx.roster.read((repos) => repos.users.getMany(ids))).map((u) => u.userName).sort();
  };

  beforeAll(async () => {
    [slapd, fx] = await Promise.all([startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, TREE) }), openSyncFixture(open)]);
    ldap = await adminClient(slapd);
    iam = await createOktaIam(fx.roster, slapd);
  });
  afterAll(async () => {
    await ldap?.unbind();
    await fx?.close();
    await slapd?.destroy();
  });

  it('first sync reads every page and creates users, groups, memberships and attributes', async () => {
    const run = await fx.sync(iam.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', mode: 'FULL', trigger: 'MANUAL', error: null });
    expect(run.counts).toMatchObject({ usersCreated: 30, usersUpdated: 0, usersDeactivated: 0, groupsCreated: 3 });
    const first = await user(1);
    expect(first).toMatchObject({
      active: true,
      source: 'LDAP',
      displayName: 'User 1',
      emails: [{ value: 'user00001@example.com', primary: true }],
    });
    expect(first.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.profile).toMatchObject({ title: 'Engineer' });
    // The entry is kept as fetched (operational attributes the sync asks for included).
    expect(first.sourceAttributes).toMatchObject({
      objectClass: ['inetOrgPerson'],
      uid: ['user00001'],
      cn: ['User 1'],
      givenName: ['User'],
      sn: ['Number1'],
      mail: ['user00001@example.com'],
      title: ['Engineer'],
      departmentNumber: ['D1'],
      entryUUID: [first.externalId],
      modifyTimestamp: [expect.stringMatching(/^\d{14}Z$/)],
    });
    expect(await fx.roster.read((repos) => repos.userAttributes.get(first.id))).toEqual({ 'ldap.department': ['D1'] });
    expect(await membersOf('group0001')).toHaveLength(10);
    const events = await fx.events(iam.id);
    const types = events.map((event) => event.type);
    expect(types.filter((t) => t === 'USER_CREATED')).toHaveLength(30);
    expect(types.filter((t) => t === 'MEMBERSHIP_ADDED')).toHaveLength(30);
    // page size 10 < 30 users: at least one progress event per page of users
    expect(types.filter((t) => t === 'SYNC_RUN_PROGRESS').length).toBeGreaterThanOrEqual(4);
    expect(types.filter((t) => t.startsWith('SYNC_RUN_')).at(0)).toBe('SYNC_RUN_STARTED');
    expect(types.at(-1)).toBe('SYNC_RUN_FINISHED');
    // Every write of the run names it; only its start was written before it had an id.
    const origin = { kind: 'SYNC', iamId: iam.id, syncRunId: run.id };
    expect(
      events
        .filter((event) => event.type !== 'SYNC_RUN_STARTED' && event.type !== 'IAM_CREATED')
        .filter((event) => !isEqual(event.origin, origin)),
    ).toEqual([]);
    // A page's snapshots: the users as the page left them, the groups with their members counted.
    const snapshots = await fx.roster.events.readAfter({
      after: 0,
      iamId: iam.id,
      types: ['USER_CREATED', 'MEMBERSHIP_ADDED'],
      limit: 100,
      subjects: true,
    });
    expect(snapshots.find((event) => event.subjectId === first.id)!.subject).toMatchObject({
      type: 'USER',
      user: { user: { userName: first.userName } },
    });
    expect(snapshots.filter((event) => event.subject?.type === 'GROUP').length).toBe(30);
  });

  it('a second run changes nothing and records no user events', async () => {
    const last = (await fx.events(iam.id)).at(-1)!.seq;
    const run = await fx.sync(iam.id, { mode: 'FULL' });
    expect(run.counts).toMatchObject({ usersCreated: 0, usersUpdated: 0, usersUnchanged: 30, groupsUnchanged: 3 });
    const types = new Set((await fx.events(iam.id, last)).map((event) => event.type));
    expect([...types].sort()).toEqual(['SYNC_RUN_FINISHED', 'SYNC_RUN_PROGRESS', 'SYNC_RUN_STARTED']);
  });

  it('picks up an attribute change and a membership change', async () => {
    await ldap.modify(userDn(1), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'title', values: ['Manager'] }) }),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'departmentNumber', values: ['D9'] }) }),
    ]);
    await ldap.modify(groupDn(1), [
      new Change({ operation: 'add', modification: new Attribute({ type: 'uniqueMember', values: [userDn(2)] }) }),
      new Change({ operation: 'delete', modification: new Attribute({ type: 'uniqueMember', values: [userDn(1)] }) }),
    ]);
    const last = (await fx.events(iam.id)).at(-1)!.seq;
    const run = await fx.sync(iam.id, { mode: 'FULL' });
    expect(run.counts).toMatchObject({ usersUpdated: 1, usersUnchanged: 29 });
    expect((await user(1)).profile).toMatchObject({ title: 'Manager' });
    expect(await fx.roster.read(async (repos) => repos.userAttributes.get((await user(1)).id))).toEqual({ 'ldap.department': ['D9'] });
    expect(await membersOf('group0001')).toContain(userName(2));
    expect(await membersOf('group0001')).not.toContain(userName(1));
    const types = (await fx.events(iam.id, last)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['USER_UPDATED', 'USER_ATTRIBUTES_CHANGED', 'MEMBERSHIP_ADDED', 'MEMBERSHIP_REMOVED']));
  });

  it('delta sync reads only the entries changed since the last run', async () => {
    // LDAP timestamps have one-second precision: the baseline run and the change each get their own second.
    await nextSecond();
    await fx.sync(iam.id, { mode: 'FULL' });
    await nextSecond();
    await ldap.modify(userDn(3), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Renamed Three'] }) }),
    ]);
    const progress: number[] = [];
    const run = await fx.sync(iam.id, { mode: 'DELTA', onProgress: (_run, p) => p.phase === 'users' && progress.push(p.entries) });
    expect(run).toMatchObject({ status: 'SUCCEEDED', mode: 'DELTA' });
    expect(run.counts).toMatchObject({ usersUpdated: 1, usersCreated: 0, usersDeactivated: 0 });
    expect(run.counts.usersUnchanged).toBe(0);
    expect(progress.at(-1)).toBe(3 + 1); // the 3 groups are always read, then the 1 changed user
    expect((await user(3)).displayName).toBe('Renamed Three');
  });

  it('deactivates a user removed from the directory, and reactivates it when it returns', async () => {
    await ldap.del(userDn(30));
    const removed = await fx.sync(iam.id, { mode: 'FULL' });
    expect(removed.counts).toMatchObject({ usersDeactivated: 1 });
    expect(await user(30)).toMatchObject({ active: false });
    expect((await user(30)).deprovisionedAt).not.toBeNull();
    await ldap.add(userDn(30), {
      objectClass: 'inetOrgPerson',
      uid: userName(30),
      cn: 'User 30',
      sn: 'Number30',
      mail: `${userName(30)}@example.com`,
    });
    const back = await fx.sync(iam.id, { mode: 'FULL' });
    expect(back.counts).toMatchObject({ usersReactivated: 1, usersDeactivated: 0 });
    expect(await user(30)).toMatchObject({ active: true, deprovisionedAt: null });
    const types = (await fx.events(iam.id)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['USER_DEACTIVATED', 'USER_REACTIVATED']));
  });

  it('holds the safety limit unless forced', async () => {
    for (const n of [21, 22, 23, 24, 25, 26, 27]) await ldap.del(userDn(n));
    const refused = await fx.sync(iam.id, { mode: 'FULL' });
    expect(refused.status).toBe('FAILED');
    expect(refused.error).toMatch(/^SAFETY_LIMIT: .*7 of 30 active users/);
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(30);
    const forced = await fx.sync(iam.id, { mode: 'FULL', force: true });
    expect(forced).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ usersDeactivated: 7 }) });
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(23);
  });

  it('never deactivates when the directory returns no users', async () => {
    await fx.roster.updateIam(iam.id, { ldap: { sync: { userFilter: '(uid=nobody-matches)' } } });
    const run = await fx.sync(iam.id, { mode: 'FULL', force: true });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/returned no users/);
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(23);
    await fx.roster.updateIam(iam.id, { ldap: { sync: { userFilter: null } } });
  });

  it('syncs only users matching both the IAM filter and the sync filter', async () => {
    const narrow = await createOktaIam(fx.roster, slapd, {
      sync: { userFilter: '(departmentNumber=D2)' },
      settings: { syncGroups: false },
    });
    const run = await fx.sync(narrow.id);
    expect(run.counts.usersCreated).toBe(2); // D2: users 2, 12 and 22, and 22 was deleted above
    expect(await fx.roster.read((repos) => repos.users.count(narrow.id))).toBe(run.counts.usersCreated);
  });

  it('fails a run whose bind password is wrong, without saying the password', async () => {
    await fx.roster.updateIam(iam.id, { ldap: { bindPassword: 'not-the-password' } });
    const run = await fx.sync(iam.id, { mode: 'FULL', force: true });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/^BIND_FAILED: .*invalid credentials/);
    expect(run.error).not.toContain('not-the-password');
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(23);
    await fx.roster.updateIam(iam.id, { ldap: { bindPassword: slapd.adminPassword } });
  });

  it('fails a run when slapd stops mid-sync, deactivating nobody', async () => {
    const slapdStop: { done?: Promise<void> } = {};
    const run = await fx.sync(iam.id, {
      mode: 'FULL',
      force: true,
      onProgress: (_run, p) => void (p.phase === 'users' && (slapdStop.done ??= slapd.stop())),
    });
    await slapdStop.done;
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/^(CONNECTION_LOST|CONNECTION_FAILED|TIMEOUT): /);
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(23);
    const refused = await fx.sync(iam.id, { mode: 'FULL' });
    expect(refused.error).toMatch(/^CONNECTION_FAILED: .*ECONNREFUSED/);
    await slapd.start();
    expect((await fx.sync(iam.id, { mode: 'FULL' })).status).toBe('SUCCEEDED');
  });

  it("keeps each entry's attributes as fetched, without passwords or binary values, and records their changes", async () => {
    await ldap.unbind().catch(() => {});
    ldap = await adminClient(slapd); // slapd was restarted above
    await ldap.modify(userDn(3), [
      new Change({ operation: 'add', modification: new Attribute({ type: 'userPassword', values: ['hunter2-secret'] }) }),
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'jpegPhoto', values: [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])] }),
      }),
      new Change({ operation: 'replace', modification: new Attribute({ type: 'description', values: ['Third user'] }) }),
    ]);
    const last = (await fx.events(iam.id)).at(-1)!.seq;
    expect((await fx.sync(iam.id, { mode: 'FULL' })).status).toBe('SUCCEEDED');
    const third = await user(3);
    expect(third.sourceAttributes).toMatchObject({
      uid: [userName(3)],
      cn: ['Renamed Three'],
      sn: ['Number3'],
      description: ['Third user'],
      entryUUID: [third.externalId],
    });
    expect(Object.keys(third.sourceAttributes).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['userpassword']));
    expect(Object.keys(third.sourceAttributes).map((name) => name.toLowerCase())).not.toEqual(expect.arrayContaining(['jpegphoto']));
    const updated = (await fx.events(iam.id, last)).find((event) => event.type === 'USER_UPDATED' && event.subjectId === third.id);
    expect(updated?.data['changes']).toMatchObject({ sourceAttributes: { to: { description: ['Third user'] } } });
    expect(JSON.stringify(await fx.events(iam.id))).not.toContain('hunter2-secret');
  });

  it('refuses a second run of the same IAM while one runs', async () => {
    const first = await fx.worker.runNow(iam.id, { mode: 'FULL' });
    await expect(fx.worker.runNow(iam.id, { mode: 'FULL' })).rejects.toMatchObject({ code: 'SYNC_ALREADY_RUNNING' });
    expect((await first.finished).status).toBe('SUCCEEDED');
  });
});
