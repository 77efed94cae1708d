import { BUILTIN_IAM_ID } from '@roster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHandler } from './create-graphql-handler.ts';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

const UUID = '00000000-0000-4000-8000-000000000000';

describe('a row that is gone is NOT_FOUND, never a masked internal error', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('answers NOT_FOUND when a group is deleted between a mutation and the read of its result', async () => {
    const group = await h.roster.createGroup(BUILTIN_IAM_ID, { displayName: 'raced' });
    // The race (another request deleting the group right after this one changed it) cannot be
    // timed from outside, so the facade is wrapped to delete it at exactly that moment.
    const racing = new Proxy(h.roster, {
      get: (target, name, receiver) =>
        name === 'updateGroup'
          ? async (...args: Parameters<typeof target.updateGroup>) => {
              const result = await target.updateGroup(...args);
              await target.deleteGroup(args[0]);
              return result;
            }
          : Reflect.get(target, name, receiver),
    });
    const yoga = createGraphqlHandler({ ...h.services, roster: racing });
    const response = await yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.tokens.USER_ADMIN}` },
      body: JSON.stringify({
        query: 'mutation($id: ID!) { updateGroup(id: $id, displayName: "renamed") { id displayName } }',
        variables: { id: globalId('Group', group.id) },
      }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0]!.message).toContain(group.id);
  });

  it('answers NOT_FOUND to a syncRun subscription for a run that does not exist', async () => {
    const response = await h.yoga.fetch('http://roster.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${h.tokens.IDENTITY_READ}` },
      body: JSON.stringify({
        query: 'subscription($id: ID!) { syncRun(id: $id) { id status } }',
        variables: { id: globalId('SyncRun', UUID) },
      }),
    });
    const stream = await response.text();
    expect(stream).toContain('"code":"NOT_FOUND"');
    expect(stream).not.toContain('INTERNAL_SERVER_ERROR');
  });
});

function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}
