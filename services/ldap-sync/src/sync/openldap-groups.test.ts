import { Attribute, Change, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import {
  adminClient,
  BACKENDS,
  createOktaIam,
  openSyncFixture,
  startTestSlapd,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

// Generic OpenLDAP group flavours: groupOfNames with `member` DNs, and RFC 2307 posixGroup with
// `memberUid` user names (the Okta tree covers groupOfUniqueNames, the AD tree memberOf).
const SUFFIX = 'dc=example,dc=org';
const person = (uid: string) =>
  `dn: uid=${uid},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\nmail: ${uid}@example.org\n`;
const dn = (uid: string) => `uid=${uid},ou=people,${SUFFIX}`;
const TREE = [
  `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
  `dn: ou=groups,${SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
  ...['alice', 'bob', 'carol'].map(person),
  `dn: cn=devs,ou=groups,${SUFFIX}\nobjectClass: groupOfNames\ncn: devs\nmember: ${dn('alice')}\nmember: UID=Bob, OU=People, DC=Example, DC=Org\n`,
  `dn: cn=ops,ou=groups,${SUFFIX}\nobjectClass: posixGroup\ncn: ops\ngidNumber: 100\nmemberUid: bob\nmemberUid: Carol\nmemberUid: nobody\n`,
].join('\n');

describe.each(BACKENDS)('OpenLDAP groupOfNames and posixGroup on %s', (_name, open) => {
  let slapd: TestSlapd;
  let fx: SyncFixture;
  let ldap: Client;
  let byMember: Iam;
  let byMemberUid: Iam;
  const membersOf = async (iam: Iam, group: string) => {
    const found = await fx.roster.read((repos) => repos.groups.findByDisplayName(iam.id, group));
    if (!found) return null;
    const ids = await fx.roster.read((repos) => repos.memberships.memberIds(found.id));
    return (await fx.roster.read((repos) => repos.users.getMany(ids))).map((u) => u.userName).sort();
  };

  beforeAll(async () => {
    [slapd, fx] = await Promise.all([startTestSlapd({ suffix: SUFFIX, seedLdif: TREE }), openSyncFixture(open)]);
    ldap = await adminClient(slapd);
    const people = {
      userBaseDn: `ou=people,${SUFFIX}`,
      userFilter: '(objectClass=inetOrgPerson)',
      userIdAttribute: 'uid',
      groupBaseDn: `ou=groups,${SUFFIX}`,
    };
    byMember = await createOktaIam(fx.roster, slapd, {
      ldap: { ...people, groupFilter: '(objectClass=groupOfNames)', membership: 'member' },
      settings: { attributeSchema: [] },
    });
    const { iam } = await fx.roster.createIam({
      displayName: 'Posix LDAP',
      type: 'LDAP',
      ldap: {
        url: slapd.url,
        bindDn: slapd.adminDn,
        bindPassword: slapd.adminPassword,
        ...people,
        groupFilter: '(objectClass=posixGroup)',
        membership: 'memberUid',
        sync: { enabled: true },
      },
      settings: { syncGroups: true, profileSchema: { email: 'mail' } },
    });
    byMemberUid = iam;
  });
  afterAll(async () => {
    await ldap?.unbind();
    await fx?.close();
    await slapd?.destroy();
  });

  it('reads groupOfNames members by DN, however the DN is spelled', async () => {
    expect(await fx.sync(byMember.id)).toMatchObject({ status: 'SUCCEEDED', counts: { usersCreated: 3, groupsCreated: 1 } });
    expect(await membersOf(byMember, 'devs')).toEqual(['alice', 'bob']);
    expect(await membersOf(byMember, 'ops')).toBeNull();
  });

  it('reads posixGroup members by user name, case-insensitively, skipping names that are no user', async () => {
    expect(await fx.sync(byMemberUid.id)).toMatchObject({ status: 'SUCCEEDED', counts: { usersCreated: 3, groupsCreated: 1 } });
    expect(await membersOf(byMemberUid, 'ops')).toEqual(['bob', 'carol']);
    expect(await membersOf(byMemberUid, 'devs')).toBeNull();
  });

  it('follows membership changes of both kinds', async () => {
    await ldap.modify(`cn=devs,ou=groups,${SUFFIX}`, [
      new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [dn('alice')] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dn('carol')] }) }),
    ]);
    await ldap.modify(`cn=ops,ou=groups,${SUFFIX}`, [
      new Change({ operation: 'delete', modification: new Attribute({ type: 'memberUid', values: ['bob'] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: 'memberUid', values: ['alice'] }) }),
    ]);
    await fx.sync(byMember.id, { mode: 'FULL' });
    await fx.sync(byMemberUid.id, { mode: 'FULL' });
    expect(await membersOf(byMember, 'devs')).toEqual(['bob', 'carol']);
    expect(await membersOf(byMemberUid, 'ops')).toEqual(['alice', 'carol']);
  });
});
