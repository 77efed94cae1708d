import { describe, expect, it } from 'vitest';
import { ConfigError } from './config.ts';
import { loadJobSettings } from './job-settings.ts';

describe('loadJobSettings', () => {
  it('defaults to 4 jobs at once, a check every 30 s, a heartbeat every 30 s, cut off after 2 min, retries from 1 min', () => {
    expect(loadJobSettings({ LDAP_SYNC_TICK_SECONDS: '' })).toEqual({
      concurrency: 4,
      tickMs: 30_000,
      heartbeatMs: 30_000,
      staleAfterMs: 120_000,
      retryBaseMs: 60_000,
    });
  });

  it('reads the variables in seconds', () => {
    const settings = loadJobSettings({
      JOB_CONCURRENCY: '8',
      LDAP_SYNC_TICK_SECONDS: '5',
      LDAP_SYNC_HEARTBEAT_SECONDS: '2',
      LDAP_SYNC_STALE_AFTER_SECONDS: '10',
    });
    expect(settings).toMatchObject({ concurrency: 8, tickMs: 5_000, heartbeatMs: 2_000, staleAfterMs: 10_000 });
  });

  it('refuses a cut-off shorter than two heartbeats, and a concurrency that is no number, naming the variables', () => {
    expect(() => loadJobSettings({ LDAP_SYNC_HEARTBEAT_SECONDS: '60', LDAP_SYNC_STALE_AFTER_SECONDS: '90' })).toThrow(
      /LDAP_SYNC_STALE_AFTER_SECONDS: must be at least twice LDAP_SYNC_HEARTBEAT_SECONDS/,
    );
    expect(() => loadJobSettings({ JOB_CONCURRENCY: 'many' })).toThrow(ConfigError);
    expect(() => loadJobSettings({ JOB_CONCURRENCY: 'many' })).toThrow(/JOB_CONCURRENCY/);
  });
});
