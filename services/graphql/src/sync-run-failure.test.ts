import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlHarness, type GraphqlHarness } from './testing/graphql-harness.ts';

describe('SyncRun.error and SyncRun.errorCode', () => {
  let h: GraphqlHarness;
  beforeAll(async () => {
    h = await createGraphqlHarness();
  });
  afterAll(async () => h?.close());

  it('shows a failure as `CODE: message` in error, and its code alone in errorCode', async () => {
    const { iam } = await h.roster.createIam({ displayName: 'Corp LDAP', type: 'LDAP' });
    const coded = await h.roster.startSyncRun(iam.id, { mode: 'FULL', trigger: 'API' });
    await h.roster.failSyncRun(coded.id, { code: 'CONNECTION_FAILED', message: 'connecting: cannot reach the directory (ECONNREFUSED).' });
    const uncoded = await h.roster.startSyncRun(iam.id, { mode: 'FULL', trigger: 'API' });
    await h.roster.failSyncRun(uncoded.id, 'Stopped: the worker is shutting down.');
    const { syncRuns } = await h.ok('query ($iamId: String!) { syncRuns(iamId: $iamId) { status error errorCode } }', { iamId: iam.id });
    expect(syncRuns).toEqual(
      expect.arrayContaining([
        {
          status: 'FAILED',
          error: 'CONNECTION_FAILED: connecting: cannot reach the directory (ECONNREFUSED).',
          errorCode: 'CONNECTION_FAILED',
        },
        { status: 'FAILED', error: 'Stopped: the worker is shutting down.', errorCode: null },
      ]),
    );
  });
});
