import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, isSecretKey, SECRET_KEY_RULE } from './config.ts';

/** The key that seals configuration secrets at rest, and where it came from (for the start-up log). */
export interface SecretKey {
  readonly key: Uint8Array<ArrayBuffer>;
  readonly source: string;
}

/**
 * The key that seals configuration secrets at rest. SECRET_KEY wins; otherwise a key file in the
 * data folder is used, made on first start with owner-only permissions. Several processes sharing
 * a PostgreSQL database must share SECRET_KEY (or the key file). With `DATA_DIR=memory://` the key
 * lives in memory. A key that is not exactly 32 bytes of base64 is a ConfigError, never a shorter key.
 */
export async function loadSecretKey(secretKey: string | undefined, dataDir: string): Promise<SecretKey> {
  if (secretKey !== undefined) {
    if (!isSecretKey(secretKey)) throw new ConfigError(`Invalid configuration: SECRET_KEY: ${SECRET_KEY_RULE}`);
    return { key: decode(secretKey), source: 'SECRET_KEY' };
  }
  // An in-memory database lives as long as the process; so does the key that seals its secrets.
  if (dataDir.startsWith('memory://')) return { key: new Uint8Array(randomBytes(32)), source: 'memory (this process only)' };
  const path = join(resolve(dataDir), 'secret.key');
  const stored = await readKeyFile(path);
  if (stored) return { key: stored, source: path };
  await mkdir(resolve(dataDir), { recursive: true });
  // Written aside, then linked into place: link() fails if the file exists, so of two processes
  // starting on a fresh folder one makes the key and the other reads it, never half of it.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(draft, { force: true });
  }
  const made = await readKeyFile(path);
  if (!made) throw new Error(`${path} vanished while Roster was starting`);
  return { key: made, source: path };
}

/** The key in the file, null when there is no file; a ConfigError when it does not hold a key. */
async function readKeyFile(path: string): Promise<Uint8Array<ArrayBuffer> | null> {
  let text;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!isSecretKey(text)) throw new ConfigError(`Invalid key file: ${path} ${SECRET_KEY_RULE}`);
  return decode(text);
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(base64.trim(), 'base64'));
}
