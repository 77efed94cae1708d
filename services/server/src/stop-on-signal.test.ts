import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@roster/runtime';
import { stopOnSignal } from './stop-on-signal.ts';

// The process's signals and exit are stand-ins here: a real SIGTERM would stop the test runner.
function setUp(server: { stop(): Promise<void> }, graceMs: number) {
  let logs = '';
  const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) }));
  const listeners = new Map<string, () => void>();
  const log = { finished: 0, abandoned: 0, finish: async () => void log.finished++, abandon: () => void log.abandoned++ };
  let exited!: (code: number) => void;
  const exitCode = new Promise<number>((resolve) => (exited = resolve));
  const codes: number[] = [];
  stopOnSignal(server, {
    graceMs,
    logger,
    log,
    once: (signal, listener) => listeners.set(signal, listener),
    exit: (code) => (codes.push(code), exited(code)),
  });
  return { signal: (name: 'SIGINT' | 'SIGTERM') => listeners.get(name)!(), exitCode, codes, log, logs: () => logs };
}

describe('stopOnSignal', () => {
  it('stops the server, writes out the log and exits 0 on SIGTERM or SIGINT', async () => {
    for (const name of ['SIGTERM', 'SIGINT'] as const) {
      let stopped = 0;
      const run = setUp({ stop: async () => void stopped++ }, 60_000);
      run.signal(name);
      expect(await run.exitCode).toBe(0);
      expect(stopped).toBe(1);
      expect(run.log.finished).toBe(1);
      expect(run.logs()).toContain(`"signal":"${name}"`);
    }
  });

  it('exits 1 once the grace period is over when the stop never ends, and only once', async () => {
    const run = setUp({ stop: () => new Promise<void>(() => {}) }, 200);
    run.signal('SIGTERM');
    expect(await run.exitCode).toBe(1);
    expect(run.log.abandoned).toBe(1);
    expect(run.logs()).toContain('did not stop within the grace period (SHUTDOWN_GRACE_MS); exiting');
    expect(run.codes).toEqual([1]);
  });

  it('exits 1 when the stop fails, saying why', async () => {
    const run = setUp({ stop: () => Promise.reject(new Error('database would not close')) }, 60_000);
    run.signal('SIGTERM');
    expect(await run.exitCode).toBe(1);
    expect(run.logs()).toContain('database would not close');
  });
});
