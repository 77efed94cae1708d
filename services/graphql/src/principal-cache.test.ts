import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTestDatabase, createTestRoster, type TestDatabase } from '@roster/db/testing';
import { createPrincipalCache } from './principal-cache.ts';

describe('remembered bearer tokens', () => {
  let db: TestDatabase;
  let roster: Awaited<ReturnType<typeof createTestRoster>>;
  const sql: string[] = [];
  beforeAll(async () => {
    db = await createPgliteTestDatabase({ onQuery: (query) => sql.push(query) });
    roster = await createTestRoster(db);
  });
  afterAll(async () => db?.close());
  const cache = () => createPrincipalCache(roster, { now: () => roster.clock.now().getTime() });

  it('looks a token up once, then answers from memory', async () => {
    const principals = cache();
    const { token } = await roster.createApiToken({ name: 'app', permissions: ['IDENTITY_READ'] });
    expect(await principals.authenticate(token)).toMatchObject({ kind: 'API_TOKEN', name: 'app', permissions: ['IDENTITY_READ'] });
    sql.length = 0;
    expect(await principals.authenticate(token)).toMatchObject({ name: 'app' });
    expect(sql).toEqual([]);
  });

  it('does not remember unknown tokens', async () => {
    const principals = cache();
    expect(await principals.authenticate('rtok_unknown')).toBeNull();
    sql.length = 0;
    expect(await principals.authenticate('rtok_unknown')).toBeNull();
    expect(sql.length).toBeGreaterThan(0);
  });

  it('refuses a revoked token at once after forget()', async () => {
    const principals = cache();
    const { token, apiToken } = await roster.createApiToken({ name: 'revoked', permissions: ['AUDIT'] });
    expect(await principals.authenticate(token)).not.toBeNull();
    await roster.revokeApiToken(apiToken.id);
    principals.forget();
    expect(await principals.authenticate(token)).toBeNull();
  });

  it('never accepts a token past its expiry', async () => {
    const principals = cache();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { token } = await roster.createApiToken({ name: 'expiring', permissions: ['AUDIT'], expiresAt });
    expect(await principals.authenticate(token)).not.toBeNull();
    roster.clock.set(new Date(expiresAt.getTime() + 1));
    try {
      expect(await principals.authenticate(token)).toBeNull();
    } finally {
      roster.clock.set(new Date());
    }
  });
});
