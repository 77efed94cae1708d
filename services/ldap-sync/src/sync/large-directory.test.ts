import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKENDS,
  createOktaIam,
  oktaTreeLdif,
  openSyncFixture,
  startTestSlapd,
  type SyncFixture,
  type TestSlapd,
} from '../testing/index.ts';

const SUFFIX = 'dc=big,dc=okta,dc=com';
const USERS = 10_000;

describe('a 10,000-user directory', () => {
  let slapd: TestSlapd;
  beforeAll(async () => {
    slapd = await startTestSlapd({ suffix: SUFFIX, seedLdif: oktaTreeLdif(SUFFIX, { users: USERS, groups: 1 }) });
  });
  afterAll(async () => {
    await slapd?.destroy();
  });

  describe.each(BACKENDS)('on %s', (_name, open) => {
    let fx: SyncFixture;
    beforeAll(async () => {
      fx = await openSyncFixture(open);
    });
    afterAll(async () => {
      await fx?.close();
    });

    // Memberships and attributes are covered at small scale; here the point is paging and volume.
    it('syncs every user page by page, then finds nothing to change', async () => {
      const iam = await createOktaIam(fx.roster, slapd, {
        sync: { paging: { enabled: true, pageSize: 1_000 } },
        settings: { syncAttributes: false, syncGroups: false },
      });
      let pages = 0;
      const run = await fx.sync(iam.id, { onProgress: (_run, p) => void (p.phase === 'users' && (pages += 1)) });
      expect(run).toMatchObject({ status: 'SUCCEEDED', counts: expect.objectContaining({ usersCreated: USERS, groupsCreated: 0 }) });
      expect(pages).toBe(10);
      expect(await fx.roster.read((repos) => repos.users.count(iam.id, { active: true }))).toBe(USERS);
      const again = await fx.sync(iam.id, { mode: 'FULL' });
      expect(again.counts).toMatchObject({ usersUnchanged: USERS, usersCreated: 0, usersUpdated: 0, usersDeactivated: 0 });
    });
  });
});
