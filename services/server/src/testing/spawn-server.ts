import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@roster/db/testing';

// The built server, exactly what `npm start` runs (turbo builds it before these tests).
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A Roster process started as `npm start` (or `npm run start:deno`) would, from its build. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  output(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the built `services/server/dist/main.js` with exactly the given environment (plus PATH);
 * `nodeArgs` go to Node itself (`--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function spawnServer(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child, port);
}

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * What `npm run start:deno` runs once built: the root package.json's `serve:deno` command, with its
 * Deno permissions, from the repository root (Deno from node_modules/.bin, pinned in package.json).
 */
export const SERVE_DENO = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts[
  'serve:deno'
]!;

/** The built server on Deno, started as `npm run start:deno` would (env as {@link spawnServer}'s, plus HOME for Deno's cache). */
export async function spawnDenoServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  // `exec`: the signals a test sends reach Deno, not the shell.
  const child = spawn('sh', ['-c', `exec ${SERVE_DENO}`], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child, port);
}

function watch(child: ChildProcess, port: number): ServerProcess {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, output: () => output, exited };
}

/** Polls /healthz until it answers (or the process exits, or time runs out). */
export async function waitForHealth(server: ServerProcess, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Roster did not answer /healthz:\n${server.output()}`);
}
