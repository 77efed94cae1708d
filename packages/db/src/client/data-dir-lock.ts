import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RosterError } from '@roster/core';
import { isSocketFile, listenOn, probe, removeIfUnchanged, unlinkIfUnchanged, type FileIdentity, type HeldSocket } from './lock-socket.ts';

/** The socket a running Roster listens on inside its data folder, for as long as it holds it. */
export const LOCK_SOCKET_NAME = 'roster.lock.sock';

/** The data folder held by this process until `release()`. */
export type DataDirLock = HeldSocket;

// sun_path holds 108 bytes on Linux and 104 on the BSDs and macOS, the terminating NUL included.
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;
const ATTEMPTS = 30;

/**
 * Locks a PGlite data folder for this process. The lock is a listening Unix domain socket: the
 * kernel closes it when the process dies, however it dies, so a lock never outlives its holder.
 * A second process connects to it, reads the holder's PID, and is refused with DATA_DIR_LOCKED.
 * A socket file left by a killed process refuses connections: it is removed, and the lock taken.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const folder = await realpath(dataDir);
  const address = lockAddress(folder);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const lock = await listenOn(address);
    if (lock) return lock;
    const found = await probe(address);
    if (found.state === 'held') {
      const by = found.pid === undefined ? 'another process (it did not tell its PID)' : `another process (PID ${found.pid})`;
      throw new RosterError(
        'DATA_DIR_LOCKED',
        `The data folder ${folder} is in use by ${by}. Stop it first, or give this process its own DATA_DIR.`,
        {
          details: { dataDir: folder, pid: found.pid ?? null },
          ...(found.cause === undefined ? {} : { cause: found.cause }),
        },
      );
    }
    if (found.state === 'stale') await sweep(address, found.file);
    else await pause(attempt);
  }
  throw new RosterError('DATA_DIR_LOCKED', `Could not lock the data folder ${folder}: its lock socket ${address} kept changing hands.`, {
    details: { dataDir: folder, pid: null },
  });
}

/**
 * `DATA_DIR/roster.lock.sock` when its path fits in a socket address. Otherwise, on Linux, an
 * abstract socket named after the folder's real path (no file, gone with the process; it is per
 * network namespace, so containers sharing the folder must then share the network namespace too);
 * elsewhere a socket file of that name in the temporary folder. Windows: a named pipe.
 */
export function lockAddress(folder: string): string {
  const name = `roster-${createHash('sha256').update(folder).digest('hex').slice(0, 32)}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  const inFolder = join(folder, LOCK_SOCKET_NAME);
  if (Buffer.byteLength(sweepAddress(inFolder)) <= MAX_SOCKET_PATH) return inFolder;
  return process.platform === 'linux' ? `\0${name}` : join(tmpdir(), `${name}.sock`);
}

/** The socket whose holder alone may remove a stale lock file (the longer of the two names). */
function sweepAddress(lockPath: string): string {
  return lockPath.replace(/\.sock$/, '.sweep.sock');
}

/**
 * Removes a stale lock socket file. Creating a socket file is atomic (bind fails when the file
 * exists); removing one is not, so it is done only by the holder of the sweep socket beside it:
 * two processes that find the same stale file can then never remove the live lock that the first
 * of them made in its place. A sweeper killed mid-sweep leaves the sweep socket itself stale; that
 * one is moved aside and checked instead (lock-socket.ts), as nothing excludes others from it.
 */
async function sweep(lockPath: string, stale: FileIdentity): Promise<void> {
  if (!isSocketFile(lockPath)) return;
  const sweepPath = sweepAddress(lockPath);
  const sweeper = await listenOn(sweepPath);
  if (!sweeper) {
    const other = await probe(sweepPath);
    if (other.state === 'stale') await removeIfUnchanged(sweepPath, other.file);
    else await pause(0);
    return;
  }
  try {
    await unlinkIfUnchanged(lockPath, stale);
  } finally {
    await sweeper.release();
  }
}

function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10 + Math.min(attempt, 10) * 10));
}
