import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Iam } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster } from '../testing/test-roster.ts';
import { expectCode } from '../testing/store-contract.ts';

// provisionUser's one-statement write (the SCIM POST path), on both databases: everything or
// nothing, events included, and a shared statement never makes one caller fail for another.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('one-statement user inserts on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  let iam: Iam;
  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    iam = (await roster.createIam({ displayName: 'Pushed', type: 'SAML', settings: { defaultPermissions: ['IDENTITY_READ'] } })).iam;
  });
  afterAll(async () => db?.close());

  it('writes the user, emails, profile, attributes and both events together', async () => {
    const before = await roster.events.lastSeq();
    const { user } = await roster.provisionUser(
      iam,
      {
        userName: 'Ada',
        displayName: 'Ada L',
        emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
        profile: { title: 'Countess' },
        attributes: { 'scimuser.department': ['Math'] },
      },
      'SCIM',
    );
    const stored = await roster.read(async (repos) => ({
      user: await repos.users.findByUserName(iam.id, 'ada'),
      attributes: await repos.userAttributes.get(user.id),
    }));
    expect(stored.user).toMatchObject({
      id: user.id,
      displayName: 'Ada L',
      permissions: ['IDENTITY_READ'],
      profile: { title: 'Countess' },
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
    });
    expect(stored.attributes).toEqual({ 'scimuser.department': ['Math'] });
    const events = await roster.events.readAfter({ after: before, limit: 10 });
    expect(events.map((e) => [e.seq, e.type, e.subjectId])).toEqual([
      [before + 1, 'USER_CREATED', user.id],
      [before + 2, 'USER_ATTRIBUTES_CHANGED', user.id],
    ]);
  });

  it('refuses a taken userName (any case) with USER_NAME_TAKEN, writing nothing and recording nothing', async () => {
    await roster.provisionUser(iam, { userName: 'grace' }, 'SCIM');
    const before = await roster.events.lastSeq();
    await expectCode(
      roster.provisionUser(iam, { userName: 'GRACE', emails: [{ value: 'g@example.com' }], attributes: { 'a.b': ['1'] } }, 'SCIM'),
      'USER_NAME_TAKEN',
    );
    expect(await roster.events.lastSeq()).toBe(before);
    expect(await roster.read((repos) => repos.users.findByEmail(iam.id, 'g@example.com'))).toEqual([]);
  });

  it('gives each of many concurrent creates its own outcome, even when they share a statement', async () => {
    const names = ['c1', 'c2', 'C1', 'c3', 'c4', 'c2'];
    const outcomes = await Promise.allSettled(names.map((userName) => roster.provisionUser(iam, { userName }, 'SCIM')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'ok')).filter((c) => c !== 'ok')).toEqual([
      'USER_NAME_TAKEN',
      'USER_NAME_TAKEN',
    ]);
    const events = await roster.events.readAfter({ after: 0, iamId: iam.id, types: ['USER_CREATED'], limit: 100 });
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.data['userName']))).toEqual(new Set(['Ada', 'grace', 'c1', 'c2', 'c3', 'c4']));
  });

  it('answers IAM_NOT_FOUND for an IAM deleted meanwhile', async () => {
    const gone = (await roster.createIam({ displayName: 'Gone', type: 'SAML' })).iam;
    await roster.deleteIam(gone.id);
    await expectCode(roster.provisionUser(gone, { userName: 'late' }, 'SCIM'), 'IAM_NOT_FOUND');
  });
});
