import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOrigin, Iam } from '@roster/core';
import { createPgliteTestDatabase, createPostgresTestDatabase, type TestDatabase } from '../testing/test-databases.ts';
import { createTestRoster, type TestRoster } from '../testing/test-roster.ts';

// Every event carries its origin, and a USER or GROUP event its subject as the event's own
// transaction left it, on both databases.
describe.each([
  ['PGlite', createPgliteTestDatabase],
  ['PostgreSQL', createPostgresTestDatabase],
])('event origins and subject snapshots on %s', (_name, open) => {
  let db: TestDatabase;
  let roster: TestRoster;
  let iam: Iam;
  const admin: EventOrigin = { kind: 'API_TOKEN', apiTokenId: 'token-1' };
  beforeAll(async () => {
    db = await open();
    roster = await createTestRoster(db);
    iam = (await roster.createIam({ displayName: 'Snapshots', type: 'SAML' })).iam;
  });
  afterAll(async () => db?.close());

  const eventsAfter = (after: number) => roster.events.readAfter({ after, limit: 100, subjects: true });

  it('snapshots a user with its emails, attributes and groups as of the event, and keeps it', async () => {
    const group = await roster.createGroup(iam.id, { displayName: 'Ops' });
    const user = await roster.createUser(iam.id, { userName: 'grace', emails: [{ value: 'grace@example.com', primary: true }] }, 'SCIM');
    await roster.addMembers(group.id, [user.id]);
    const before = await roster.events.lastSeq();
    await roster.withOrigin(admin, () => roster.setUserAttributes(user.id, { 'hr.dept': ['Navy'] }));
    await roster.updateUser(user.id, { displayName: 'Rear Admiral' }, { actor: 'IDP' });
    await roster.setUserAttributes(user.id, { 'hr.dept': ['Retired'] });

    const [changed, updated] = await eventsAfter(before);
    expect(changed).toMatchObject({ type: 'USER_ATTRIBUTES_CHANGED', origin: admin });
    expect(changed!.subject).toEqual({
      type: 'USER',
      user: {
        user: expect.objectContaining({
          id: user.id,
          displayName: null,
          emails: [{ value: 'grace@example.com', type: null, primary: true }],
        }),
        attributes: { 'hr.dept': ['Navy'] },
        groupIds: [group.id],
      },
    });
    expect(updated).toMatchObject({ type: 'USER_UPDATED', origin: { kind: 'SYSTEM' } });
    expect(updated!.subject).toMatchObject({ user: { user: { displayName: 'Rear Admiral' }, attributes: { 'hr.dept': ['Navy'] } } });
  });

  it("snapshots a group with its member count, once for a batch's many events", async () => {
    const users = await Promise.all(['a', 'b', 'c'].map((name) => roster.createUser(iam.id, { userName: `m-${name}` }, 'SCIM')));
    const group = await roster.createGroup(iam.id, { displayName: 'Counted' });
    const before = await roster.events.lastSeq();
    await roster.addMembers(
      group.id,
      users.map((user) => user.id),
    );
    const events = await eventsAfter(before);
    expect(events.filter((e) => e.type === 'MEMBERSHIP_ADDED')).toHaveLength(3);
    for (const event of events.filter((e) => e.type === 'MEMBERSHIP_ADDED')) {
      expect(event.subject).toEqual({
        type: 'GROUP',
        group: expect.objectContaining({ id: group.id, iamId: iam.id, displayName: 'Counted', memberCount: 3 }),
      });
    }
  });

  it('gives a deleted subject none, and reads no subject unless asked', async () => {
    const group = await roster.createGroup(iam.id, { displayName: 'Doomed' });
    const before = await roster.events.lastSeq();
    await roster.deleteGroup(group.id);
    expect((await eventsAfter(before))[0]).toMatchObject({ type: 'GROUP_DELETED', subject: null });
    expect((await roster.events.readAfter({ after: before, limit: 1 }))[0]).not.toHaveProperty('subject');
  });

  it("gives a one-statement insert's user a snapshot, and each of several concurrent writes its own origin", async () => {
    const before = await roster.events.lastSeq();
    const origins: EventOrigin[] = Array.from({ length: 8 }, (_, i) => ({ kind: 'SCIM', iamId: iam.id, scimTokenId: `token${i}` }));
    await Promise.all(
      origins.map((origin, i) =>
        roster.withOrigin(origin, () =>
          roster.provisionUser(
            iam,
            { userName: `pushed-${i}`, emails: [{ value: `p${i}@example.com`, type: 'work' }], attributes: { 'x.n': [`${i}`] } },
            'SCIM',
          ),
        ),
      ),
    );
    const events = await eventsAfter(before);
    expect(events).toHaveLength(16);
    for (const event of events) {
      const i = Number((event.subject?.type === 'USER' && event.subject.user.user.userName.slice('pushed-'.length)) || NaN);
      expect(event.origin).toEqual(origins[i]);
      expect(event.subject).toEqual({
        type: 'USER',
        user: {
          user: expect.objectContaining({ id: event.subjectId, emails: [{ value: `p${i}@example.com`, type: 'work', primary: false }] }),
          attributes: { 'x.n': [`${i}`] },
          groupIds: [],
        },
      });
    }
    // The same shape as a snapshot taken by a later change of the user (event-log.ts's path).
    const created = events[0]!;
    await roster.setUserAttributes(created.subjectId, { 'x.n': ['again'] });
    const [later] = await eventsAfter(events.at(-1)!.seq);
    expect(later!.subject).toEqual({
      ...created.subject,
      user: { ...(created.subject as { user: object }).user, attributes: { 'x.n': ['again'] } },
    });
  });
});
