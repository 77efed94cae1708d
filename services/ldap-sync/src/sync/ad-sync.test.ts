import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import {
  AD_USER_USN,
  adminClient,
  adTreeLdif,
  BACKENDS,
  createAdIam,
  nextSecond,
  openSyncFixture,
  startTestSlapd,
  userName,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

const SUFFIX = 'DC=corp,DC=example';
const TREE = { users: 20, groups: 4, groupsPerUser: 2, disabled: [19, 20] };
const userDn = (n: number) => `CN=${userName(n)},OU=People,${SUFFIX}`;
const groupDn = (n: number) => `CN=group000${n},OU=Groups,${SUFFIX}`;

describe.each(BACKENDS)('Active Directory sync on %s', (_name, open) => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  let ldap: Client;
  let iam: Iam;
  // AD raises an entry's uSNChanged on every change; slapd does not, so the tests do it for it.
  let usn = AD_USER_USN + TREE.users;
  const adModify = (dn: string, changes: Change[]) =>
    ldap.modify(dn, [
      ...changes,
      new Change({ operation: 'replace', modification: new Attribute({ type: 'uSNChanged', values: [String(++usn)] }) }),
    ]);
  const user = async (n: number) => (await fx.roster.read((repos) => repos.users.findByUserName(iam.id, userName(n))))!;
  const groupsOfUser = async (n: number) => {
    const ids = await fx.roster.read(async (repos) => repos.memberships.groupIdsOf((await user(n)).id));
    return (await fx.roster.read((repos) => repos.groups.getMany(ids))).map((g) => g.displayName).sort();
  };

  beforeAll(async () => {
    [slapd, fx] = await Promise.all([startTestSlapd({ suffix: SUFFIX, seedLdif: adTreeLdif(SUFFIX, TREE) }), openSyncFixture(open)]);
    ldap = await adminClient(slapd);
    iam = await createAdIam(fx.roster, slapd);
  });
  afterAll(async () => {
    await ldap?.unbind();
    await fx?.close();
    await slapd?.destroy();
  });

  it('keys users by objectGUID, names them by sAMAccountName, and honours the disabled bit', async () => {
    const run = await fx.sync(iam.id);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ usersCreated: 20, groupsCreated: 4 }) });
    expect(await user(1)).toMatchObject({
      externalId: 'd4c3b2a1-0000-0000-0000-000000000001',
      displayName: 'User 1',
      emails: [{ value: 'user00001@corp.example', type: 'work', primary: true }],
      active: true,
    });
    expect(await user(19)).toMatchObject({ active: false });
    expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(18);
  });

  it('reads memberships from memberOf', async () => {
    expect(await groupsOfUser(1)).toEqual(['group0001', 'group0002']);
    expect(await groupsOfUser(4)).toEqual(['group0001', 'group0004']);
  });

  it('delta sync applies memberOf and userAccountControl changes of changed users only', async () => {
    await nextSecond();
    await fx.sync(iam.id, { mode: 'FULL' });
    await nextSecond();
    await adModify(userDn(1), [
      new Change({ operation: 'delete', modification: new Attribute({ type: 'memberOf', values: [groupDn(2)] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: 'memberOf', values: [groupDn(3)] }) }),
    ]);
    await adModify(userDn(2), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['514'] }) }),
    ]);
    await adModify(userDn(19), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'userAccountControl', values: ['512'] }) }),
    ]);
    const run = await fx.sync(iam.id, { mode: 'DELTA' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', mode: 'DELTA' });
    expect(run.counts).toMatchObject({ usersDeactivated: 1, usersReactivated: 1, usersCreated: 0 });
    expect(run.counts.usersUnchanged + run.counts.usersUpdated).toBe(1);
    expect(await groupsOfUser(1)).toEqual(['group0001', 'group0003']);
    expect(await user(2)).toMatchObject({ active: false });
    expect(await user(19)).toMatchObject({ active: true });
  });

  it('a full run after the delta agrees with it and changes nothing', async () => {
    const run = await fx.sync(iam.id, { mode: 'FULL' });
    expect(run.counts).toMatchObject({ usersCreated: 0, usersUpdated: 0, usersDeactivated: 0, usersReactivated: 0, usersUnchanged: 20 });
    expect(await groupsOfUser(1)).toEqual(['group0001', 'group0003']);
  });

  it('records the highest uSNChanged and reads only entries above it in the next delta, not by timestamp', async () => {
    const full = await fx.sync(iam.id, { mode: 'FULL' });
    expect(full.counts.highestUsnChanged).toBe(String(usn));
    // Both entries get a new modifyTimestamp in a new second; only user 5 gets a new uSNChanged.
    await nextSecond();
    await adModify(userDn(5), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'displayName', values: ['Five, Renamed'] }) }),
    ]);
    await ldap.modify(userDn(6), [
      new Change({ operation: 'replace', modification: new Attribute({ type: 'displayName', values: ['Six, Unseen'] }) }),
    ]);
    const delta = await fx.sync(iam.id, { mode: 'DELTA' });
    expect(delta).toMatchObject({ status: 'SUCCEEDED', mode: 'DELTA' });
    expect(delta.counts).toMatchObject({ usersUpdated: 1, usersUnchanged: 0, highestUsnChanged: String(usn) });
    expect((await user(5)).displayName).toBe('Five, Renamed');
    expect((await user(6)).displayName).toBe('User 6');
    // Nothing changed since: the next delta reads no user and keeps the high-water mark.
    const quiet = await fx.sync(iam.id, { mode: 'DELTA' });
    expect(quiet.counts).toMatchObject({ usersUpdated: 0, usersUnchanged: 0, highestUsnChanged: String(usn) });
  });
});
