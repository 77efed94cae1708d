import { randomUUID } from 'node:crypto';
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';

// The socket primitives of data-dir-lock.ts: listen, ask who listens, tell a dead socket file.

/** A socket this process listens on until `release()`. */
export interface HeldSocket {
  readonly address: string;
  release(): Promise<void>;
}

/** What connecting to a lock socket found. */
export type Probe =
  | { readonly state: 'held'; readonly pid?: number; readonly cause?: unknown }
  | { readonly state: 'stale'; readonly file: FileIdentity }
  | { readonly state: 'retry' };

/** Which file a socket is: a stale one is removed only if that very file is still there. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly birthtimeNs: bigint;
}

// How long a contender waits for the holder to say its PID (its event loop may be busy in PGlite).
const REPLY_TIMEOUT_MS = 5_000;

/** True for a socket file (not a Linux abstract name, not a Windows pipe). */
export function isSocketFile(address: string): boolean {
  return !address.startsWith('\0') && !address.startsWith('\\\\');
}

/**
 * Listens on `address`, answering every connection with this process's PID; undefined when the
 * address is taken (by a live socket, or by a socket file nobody listens on any more).
 */
export function listenOn(address: string): Promise<HeldSocket | undefined> {
  return new Promise((resolve, reject) => {
    // Contenders normally hang up at once; one that does not must not hold up release().
    const connections = new Set<Socket>();
    const server = createServer((socket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
      socket.on('error', () => {}); // a contender that hangs up early is no concern of ours
      socket.end(`${JSON.stringify({ pid: process.pid })}\n`);
    });
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen(address, () => {
      server.removeAllListeners('error');
      server.on('error', () => {});
      // A lock must never be what keeps a process alive: it lives as long as what it guards.
      server.unref();
      let released: Promise<void> | undefined;
      resolve({
        address,
        release: () =>
          (released ??= new Promise<void>((done) => {
            // Closing unlinks the socket file (libuv does, for the path it bound).
            server.close(() => done());
            for (const socket of connections) socket.destroy();
          })),
      });
    });
  });
}

/** Connects to `address`: a holder answers with its PID; a socket file that refuses is stale. */
export async function probe(address: string): Promise<Probe> {
  const file = isSocketFile(address);
  const before = file ? await identify(address) : undefined;
  if (file && !before) return { state: 'retry' };
  const outcome = await ask(address);
  const pid = parsePid(outcome.reply);
  if (pid !== undefined) return { state: 'held', pid };
  if (outcome.connected) {
    // Hung up without a word: the holder is releasing right now. Silent: its event loop is busy.
    return outcome.timedOut ? { state: 'held' } : { state: 'retry' };
  }
  if (outcome.code === 'ENOENT') return { state: 'retry' };
  if (outcome.code === 'ECONNREFUSED') {
    // Nobody listens: the process that made the file died. Sure only if it is still that file.
    if (!file || !sameFile(before, await identify(address))) return { state: 'retry' };
    return { state: 'stale', file: before! };
  }
  // EAGAIN: a live holder with a full backlog; EACCES: a socket we may not use. Not ours, either way.
  return { state: 'held', cause: outcome.error };
}

interface Answer {
  readonly connected: boolean;
  readonly reply: string;
  readonly timedOut?: boolean;
  readonly code?: string | undefined;
  readonly error?: unknown;
}

function ask(address: string): Promise<Answer> {
  return new Promise((resolve) => {
    let connected = false;
    let reply = '';
    const socket = connect(address);
    const done = (result: Partial<Answer> = {}) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ connected, reply, ...result });
    };
    const timer = setTimeout(() => done({ timedOut: true }), REPLY_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('connect', () => (connected = true));
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('end', () => done());
    socket.on('error', (error: NodeJS.ErrnoException) => done({ code: error.code, error }));
  });
}

function parsePid(reply: string): number | undefined {
  try {
    const pid = (JSON.parse(reply) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The identity of the file at `path`, or undefined when there is none. */
export async function identify(path: string): Promise<FileIdentity | undefined> {
  try {
    const { dev, ino, birthtimeNs } = await lstat(path, { bigint: true });
    return { dev, ino, birthtimeNs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function sameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return !!a && !!b && a.dev === b.dev && a.ino === b.ino && a.birthtimeNs === b.birthtimeNs;
}

/**
 * Removes the file at `path` if it is still `stale`, for callers that no exclusion protects: the
 * file is moved aside (atomic), checked, and moved straight back if it is not the stale one.
 */
export async function removeIfUnchanged(path: string, stale: FileIdentity): Promise<void> {
  const aside = `${path}.${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (!sameFile(await identify(aside), stale)) await link(aside, path).catch(() => {});
  } finally {
    await unlink(aside).catch(() => {});
  }
}

/** Removes the file at `path` if it is still `stale`; safe only while no one else may remove it. */
export async function unlinkIfUnchanged(path: string, stale: FileIdentity): Promise<void> {
  if (sameFile(await identify(path), stale)) await unlink(path).catch(() => {});
}
