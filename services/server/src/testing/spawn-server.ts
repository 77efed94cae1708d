import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@roster/db/testing';

// The built server, exactly what `npm start` runs (turbo builds it before these tests).
const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A Roster process started as `npm start` would, from source. */
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
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
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
