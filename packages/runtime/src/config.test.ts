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

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://roster.example.com/' }).publicUrl).toBe('https://roster.example.com');
  });
});
