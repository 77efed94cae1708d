import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAesGcmSecretBox, createRoster, webHasher, webRandomness, type Roster } from '@roster/core';
import { applyMigrations, createInProcessNotifier, createPrismaStore, openDatabase } from '@roster/db';

/** A Roster opened from the environment, for the standalone worker and the CLI. */
export interface OpenedRoster {
  readonly roster: Roster;
  readonly description: string;
  close(): Promise<void>;
}

/**
 * Opens Roster's database the way the server does (DATABASE_URL, else PGlite in DATA_DIR, relative
 * to where npm was invoked),
 * applies pending migrations (idempotent) and wires the domain. SECRET_KEY (base64, 32 bytes)
 * opens the sealed bind passwords; without it, the key file the server made in DATA_DIR is used.
 */
export async function openRosterFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<OpenedRoster> {
  // npm runs workspace scripts inside the workspace; INIT_CWD is where `npm run` was typed (the
  // repository root for `npm run cli`), so relative paths mean what they mean for `npm start`.
  const dataDir = resolve(env['INIT_CWD'] ?? process.cwd(), env['DATA_DIR'] ?? './.data');
  const database = await openDatabase({ databaseUrl: env['DATABASE_URL'] || undefined, dataDir });
  try {
    await applyMigrations(database.adapterFactory);
    const roster = createRoster({
      store: createPrismaStore(database.prisma, { notifier: createInProcessNotifier(), transactionTimeoutMs: 300_000 }),
      clock: { now: () => new Date() },
      random: webRandomness,
      hasher: webHasher,
      secrets: await createAesGcmSecretBox(await loadKey(env['SECRET_KEY'], dataDir)),
    });
    return { roster, description: database.description, close: () => database.close() };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

async function loadKey(secretKey: string | undefined, dataDir: string): Promise<Uint8Array<ArrayBuffer>> {
  if (secretKey) return new Uint8Array(Buffer.from(secretKey, 'base64'));
  const path = join(resolve(dataDir), 'secret.key');
  try {
    return new Uint8Array(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Same convention as the server: first process on a fresh data folder makes the key file.
  await mkdir(resolve(dataDir), { recursive: true });
  const key = randomBytes(32);
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return new Uint8Array(key);
}
