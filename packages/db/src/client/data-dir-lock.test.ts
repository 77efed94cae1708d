import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, realpath, rename, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRosterError } from '@roster/core';
import { LOCK_SOCKET_NAME, lockDataDir, type DataDirLock } from './data-dir-lock.ts';

describe('lockDataDir', () => {
  let dir: string;
  const held: DataDirLock[] = [];
  beforeEach(async () => {
    dir = await realpath(await mkdtemp(join(tmpdir(), 'roster-lock-')));
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release()));
    await rm(dir, { recursive: true, force: true });
  });
  const lock = async (folder = dir) => {
    const taken = await lockDataDir(folder);
    held.push(taken);
    return taken;
  };

  it('refuses a second holder with DATA_DIR_LOCKED naming the folder and the PID, and is free again once released', async () => {
    const first = await lock();
    const refusal = await lock().catch((error: unknown) => error);
    expect(isRosterError(refusal, 'DATA_DIR_LOCKED')).toBe(true);
    expect((refusal as Error).message).toContain(dir);
    expect((refusal as Error).message).toContain(`PID ${process.pid}`);
    expect((refusal as { details: unknown }).details).toEqual({ dataDir: dir, pid: process.pid });

    await first.release();
    expect(existsSync(join(dir, LOCK_SOCKET_NAME))).toBe(false);
    await expect(lock()).resolves.toBeDefined();
  });

  it('takes over a socket file left by a process that died', async () => {
    await leaveStaleSocket(join(dir, LOCK_SOCKET_NAME));
    const taken = await lock();
    await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', details: { pid: process.pid } });
    expect(taken.address).toBe(join(dir, LOCK_SOCKET_NAME));
  });

  it('lets exactly one of several starting at once on a stale socket hold the folder', async () => {
    // Staggered by a few event-loop turns, so that some find the stale file while another is
    // already replacing it: the one that replaced it must keep it.
    for (let round = 0; round < 20; round++) {
      await leaveStaleSocket(join(dir, LOCK_SOCKET_NAME));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, async (_, i) => {
          for (let turn = 0; turn < ((round + i) * 7) % 13; turn++) await new Promise((resolve) => setImmediate(resolve));
          return lock();
        }),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
        expect(outcome.reason).toMatchObject({ code: 'DATA_DIR_LOCKED', details: { dataDir: dir, pid: process.pid } });
      }
      // No stray files: the stale socket was set aside and removed, the live one is in place.
      expect(await readdir(dir)).toEqual([LOCK_SOCKET_NAME]);
      await Promise.all(held.splice(0).map((taken) => taken.release()));
    }
  });

  it.runIf(process.platform === 'linux')('locks a folder whose socket path would be too long with an abstract socket', async () => {
    const deep = join(dir, 'a-folder-name-long-enough'.repeat(4));
    await mkdir(deep);
    const taken = await lock(deep);
    expect(taken.address.startsWith('\0roster-')).toBe(true);
    await expect(lockDataDir(deep)).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', details: { dataDir: deep, pid: process.pid } });
    expect(await readdir(deep)).toEqual([]);
  });

  it('never keeps a process alive by itself', async () => {
    const module = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
    const script = `const { lockDataDir } = await import(${JSON.stringify(module)}); await lockDataDir(${JSON.stringify(dir)}); console.log('locked');`;
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(output).toBe('locked\n');
  });
});

/** A socket file with nobody listening, as a SIGKILLed holder leaves it. */
async function leaveStaleSocket(path: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  await link(path, `${path}.kept`);
  await new Promise<void>((resolve) => server.close(() => resolve())); // unlinks `path`, not the link
  await rename(`${path}.kept`, path);
}
