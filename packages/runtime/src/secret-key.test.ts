import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { loadSecretKey } from './secret-key.ts';

describe('loadSecretKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-key-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('uses SECRET_KEY when given, whatever the data folder holds', async () => {
    const secret = randomBytes(32);
    const { key, source } = await loadSecretKey(secret.toString('base64'), dir);
    expect(Buffer.from(key).equals(secret)).toBe(true);
    expect(source).toBe('SECRET_KEY');
  });

  it('makes an owner-only key file on a fresh data folder and reads the same key from it afterwards', async () => {
    const first = await loadSecretKey(undefined, dir);
    expect(first.source).toBe(join(dir, 'secret.key'));
    expect((await stat(first.source)).mode & 0o777).toBe(0o600);
    const again = await loadSecretKey(undefined, dir);
    expect(Buffer.from(again.key).equals(Buffer.from(first.key))).toBe(true);
    expect(first.key).toHaveLength(32);
  });

  it('gives processes starting at once on a fresh data folder one key', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadSecretKey(undefined, dir)));
    const distinct = new Set(keys.map(({ key }) => Buffer.from(key).toString('base64')));
    expect(distinct).toEqual(new Set([(await readFile(join(dir, 'secret.key'), 'utf8')).trim()]));
  });

  it('refuses a key file that does not hold 32 bytes of base64, naming the file', async () => {
    await writeFile(join(dir, 'secret.key'), `${randomBytes(16).toString('base64')}\n`);
    const error = await loadSecretKey(undefined, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `Invalid key file: ${join(dir, 'secret.key')} must be 32 bytes, base64-encoded (openssl rand -base64 32)`,
    );
  });

  it('refuses a SECRET_KEY that is not 32 bytes rather than seal with a shorter key', async () => {
    await expect(loadSecretKey(randomBytes(31).toString('base64'), dir)).rejects.toThrow(ConfigError);
  });

  it('keeps the key of an in-memory database in memory', async () => {
    const { key, source } = await loadSecretKey(undefined, 'memory://');
    expect(key).toHaveLength(32);
    expect(source).toBe('memory (this process only)');
  });
});

describe('SECRET_KEY in the configuration', () => {
  it('accepts 32 bytes of base64, with or without padding', () => {
    const key = randomBytes(32).toString('base64');
    expect(loadConfig({ SECRET_KEY: key }).secretKey).toBe(key);
    expect(loadConfig({ SECRET_KEY: key.replace(/=$/, '') }).secretKey).toBe(key.replace(/=$/, ''));
  });

  it('refuses anything else on one line naming SECRET_KEY, without echoing it', () => {
    const typo = `${randomBytes(32).toString('base64').slice(0, 40)}!!!=`; // Node's decoder would skip the "!"
    for (const bad of [randomBytes(16).toString('base64'), randomBytes(33).toString('base64'), typo, 'not a key at all']) {
      const error = (() => {
        try {
          loadConfig({ SECRET_KEY: bad });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error?.message).toBe('Invalid configuration: SECRET_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32)');
      expect(error?.message).not.toContain(bad);
    }
  });
});
