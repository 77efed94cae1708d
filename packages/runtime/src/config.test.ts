import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('runs embedded on port 4000 with nothing set', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      dataDir: './.data',
      databaseUrl: undefined,
      publicUrl: 'http://localhost:4000',
      logLevel: 'info',
    });
  });

  it('serves every role unless ROSTER_ROLES picks some, and refuses an unknown one', () => {
    expect([...loadConfig({}).roles]).toEqual(['graphql', 'scim', 'sso', 'worker']);
    expect([...loadConfig({ ROSTER_ROLES: ' scim , worker ' }).roles]).toEqual(['scim', 'worker']);
    expect(() => loadConfig({ ROSTER_ROLES: 'graphql,ldap' })).toThrow('ROSTER_ROLES: must be a comma list of graphql, scim, sso, worker');
    expect(() => loadConfig({ ROSTER_ROLES: ',' })).toThrow('ROSTER_ROLES: must be a comma list');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 4000, databaseUrl: undefined });
  });

  it('names every bad variable and what it must be, without echoing secrets', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', ADMIN_TOKEN: 'short-secret', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT: must be between 0 and 65535');
    expect(message).toContain('DATABASE_URL: must be a URL like postgres://');
    expect(message).toContain('ADMIN_TOKEN: must be at least 24 characters');
    expect(message).toContain('LOG_LEVEL: must be one of');
    expect(message).not.toContain('short-secret');
  });

  it('gives a stop 10 seconds unless SHUTDOWN_GRACE_MS says otherwise, in whole milliseconds', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '30000' }).shutdownGraceMs).toBe(30_000);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '10s' })).toThrow(/SHUTDOWN_GRACE_MS: must be a number of milliseconds/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '0' })).toThrow(/SHUTDOWN_GRACE_MS: must be between 100 and 600000/);
  });

  it('refuses a non-numeric port', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: must be a port number/);
  });

  it('holds 1,000 events per slow subscriber unless SUBSCRIBER_BUFFER_LIMIT says otherwise', () => {
    expect(loadConfig({}).subscriberBufferLimit).toBe(1_000);
    expect(loadConfig({ SUBSCRIBER_BUFFER_LIMIT: '250' }).subscriberBufferLimit).toBe(250);
    for (const bad of ['0', '-5', '2.5', 'many'])
      expect(() => loadConfig({ SUBSCRIBER_BUFFER_LIMIT: bad })).toThrow(/SUBSCRIBER_BUFFER_LIMIT: must be/);
  });

  it('runs 4 jobs at once, checks schedules every 30 s, beats every 30 s, cuts off after 2 min and retries from 1 min, unless told otherwise', () => {
    expect(loadConfig({ LDAP_SYNC_TICK_SECONDS: '' }).jobs).toEqual({
      concurrency: 4,
      tickMs: 30_000,
      heartbeatMs: 30_000,
      staleAfterMs: 120_000,
      retryBaseMs: 60_000,
    });
    const jobs = loadConfig({
      JOB_CONCURRENCY: '8',
      LDAP_SYNC_TICK_SECONDS: '5',
      LDAP_SYNC_HEARTBEAT_SECONDS: '2',
      LDAP_SYNC_STALE_AFTER_SECONDS: '10',
    }).jobs;
    expect(jobs).toMatchObject({ concurrency: 8, tickMs: 5_000, heartbeatMs: 2_000, staleAfterMs: 10_000 });
  });

  it('refuses a cut-off shorter than two heartbeats, and a concurrency that is no number, naming the variables', () => {
    expect(() => loadConfig({ LDAP_SYNC_HEARTBEAT_SECONDS: '60', LDAP_SYNC_STALE_AFTER_SECONDS: '90' })).toThrow(
      /LDAP_SYNC_STALE_AFTER_SECONDS: must be at least twice LDAP_SYNC_HEARTBEAT_SECONDS/,
    );
    expect(() => loadConfig({ JOB_CONCURRENCY: 'many' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOB_CONCURRENCY: 'many' })).toThrow(/JOB_CONCURRENCY: must be a number/);
    expect(() => loadConfig({ LDAP_SYNC_TICK_SECONDS: '0' })).toThrow(/LDAP_SYNC_TICK_SECONDS: must be between 1 and 86400/);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://roster.example.com/' }).publicUrl).toBe('https://roster.example.com');
  });
});
