import { describe, expect, it } from 'vitest';
import { originKey, type EventOrigin } from './event-origin.ts';

describe('originKey', () => {
  it('names each origin stably: one key per IAM for SCIM, syncs and logins, across tokens and runs', () => {
    const cases: [EventOrigin, string][] = [
      [{ kind: 'SCIM', iamId: 'okta', scimTokenId: 'a1b2c3d4e5f6' }, 'SCIM:okta'],
      [{ kind: 'SYNC', iamId: 'ad', syncRunId: 'run-1' }, 'SYNC:ad'],
      [{ kind: 'SSO', iamId: 'entra' }, 'SSO:entra'],
      [{ kind: 'API_TOKEN', apiTokenId: 't-1' }, 'API_TOKEN:t-1'],
      [{ kind: 'USER', userId: 'u-1', iamId: 'bim' }, 'USER:u-1'],
      [{ kind: 'SYSTEM' }, 'SYSTEM'],
    ];
    for (const [origin, key] of cases) expect(originKey(origin)).toBe(key);
  });
});
