/** Test helpers: a private slapd, generated directory trees, and LDAP IAMs pointing at them. */
export { startTestSlapd, type TestSlapd } from './slapd.ts';
export { ensureSlapdInstalled } from './ensure-slapd-installed.ts';
export {
  oktaTreeLdif,
  adTreeLdif,
  userName,
  groupName,
  groupsOf,
  guid,
  AD_GROUP_USN,
  AD_USER_USN,
  type TreeOptions,
} from './directory-trees.ts';
export { generateTestCertificates, type TestCertificates } from './test-certificates.ts';
export { createOktaIam, createAdIam, adminClient } from './ldap-iams.ts';
export { BACKENDS, openSyncFixture, nextSecond, type SyncFixture } from './sync-fixture.ts';
