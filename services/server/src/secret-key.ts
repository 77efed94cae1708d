import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * The key that seals configuration secrets at rest. SECRET_KEY wins; otherwise a key file in the
 * data folder is used, made on first start with owner-only permissions. Several processes sharing
 * a PostgreSQL database must share SECRET_KEY. With `DATA_DIR=memory://` the key lives in memory.
 */
export async function loadSecretKey(
  secretKey: string | undefined,
  dataDir: string,
): Promise<{ key: Uint8Array<ArrayBuffer>; source: string }> {
  if (secretKey) return { key: new Uint8Array(Buffer.from(secretKey, 'base64')), source: 'SECRET_KEY' };
  // An in-memory database lives as long as the process; so does the key that seals its secrets.
  if (dataDir.startsWith('memory://')) return { key: new Uint8Array(randomBytes(32)), source: 'memory (this process only)' };
  const path = join(resolve(dataDir), 'secret.key');
  try {
    const stored = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (stored.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return { key: new Uint8Array(stored), source: path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(resolve(dataDir), { recursive: true });
  const key = randomBytes(32);
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: new Uint8Array(key), source: path };
}
