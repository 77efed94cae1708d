import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import {
  adminClient,
  BACKENDS,
  createOktaIam,
  groupName,
  oktaTreeLdif,
  openSyncFixture,
  startTestSlapd,
  userName,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

const SUFFIX = 'dc=retire,dc=okta,dc=com';
const TREE = { users: 20, groups: 10 };
const groupDn = (g: number) => `cn=${groupName(g)},ou=groups,${SUFFIX}`;

// Groups that disappear from the directory are deleted after a complete full enumeration, under
// the same safety rules as user deactivation; groups an administrator made in Roster are kept.
describe.each(BACKENDS)('deleting groups gone from the directory on %s', (_name, open) => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  let ldap: Client;
  let iam: Iam;
  const group = (g: number) => fx.roster.read((repos) => repos.groups.findByDisplayName(iam.id, groupName(g)));
  const activeUsers = () => fx.roster.read((repos) => repos.users.count(iam.id, { active: true }));

  beforeAll(async () => {
    [slapd, fx] = await Promise.all([startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, TREE) }), openSyncFixture(open)]);
    ldap = await adminClient(slapd);
    iam = await createOktaIam(fx.roster, slapd);
    await fx.roster.createGroup(iam.id, { displayName: 'Made in Roster' });
    expect((await fx.sync(iam.id)).counts).toMatchObject({ groupsCreated: 10, usersCreated: 20 });
  });
  afterAll(async () => {
    await ldap?.unbind();
    await fx?.close();
    await slapd?.destroy();
  });

  it('deletes a group the directory no longer has, with its memberships and an event', async () => {
    const gone = (await group(10))!;
    expect(await fx.roster.read((repos) => repos.memberships.memberIds(gone.id))).toHaveLength(2);
    await ldap.del(groupDn(10));
    const last = (await fx.events(iam.id)).at(-1)!.seq;
    const run = await fx.sync(iam.id, { mode: 'FULL' });
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      counts: expect.objectContaining({ groupsDeleted: 1, groupsUnchanged: 9, usersDeactivated: 0 }),
    });
    expect(await group(10)).toBeNull();
    expect(await fx.roster.read((repos) => repos.groups.findByDisplayName(iam.id, 'Made in Roster'))).not.toBeNull();
    const deleted = (await fx.events(iam.id, last)).filter((event) => event.type === 'GROUP_DELETED');
    expect(deleted).toEqual([expect.objectContaining({ subjectId: gone.id, data: { displayName: groupName(10), memberCount: 2 } })]);
  });

  it('a delta run deletes nothing', async () => {
    await ldap.del(groupDn(9));
    const run = await fx.sync(iam.id, { mode: 'DELTA' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ groupsDeleted: 0 }) });
    expect(await group(9)).not.toBeNull();
  });

  it('refuses beyond the safety share, deactivating nobody either, unless forced', async () => {
    await ldap.del(groupDn(8));
    await ldap.del(`uid=${userName(1)},ou=users,${SUFFIX}`);
    const refused = await fx.sync(iam.id, { mode: 'FULL' });
    expect(refused.status).toBe('FAILED');
    expect(refused.error).toMatch(/^SAFETY_LIMIT: .*delete 2 of 9 directory groups/);
    expect(await group(8)).not.toBeNull();
    expect(await activeUsers()).toBe(20);
    const forced = await fx.sync(iam.id, { mode: 'FULL', force: true });
    expect(forced).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ groupsDeleted: 2, usersDeactivated: 1 }) });
    expect(await group(8)).toBeNull();
    expect(await group(9)).toBeNull();
    expect(await activeUsers()).toBe(19);
  });

  it('never deletes groups when the directory returns none, even when forced', async () => {
    await fx.roster.updateIam(iam.id, { ldap: { groupFilter: '(cn=no-group-matches)' } });
    const run = await fx.sync(iam.id, { mode: 'FULL', force: true });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/^SAFETY_LIMIT: The directory returned no groups/);
    expect(await group(1)).not.toBeNull();
  });
});
