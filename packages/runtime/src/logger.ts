import { pino, type Logger } from 'pino';

/** Paths whose values never reach a log line: tokens, passwords, secrets, keys, cookies. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'scimToken',
  '*.scimToken',
  'password',
  '*.password',
  'bindPassword',
  '*.bindPassword',
  'clientSecret',
  '*.clientSecret',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'adminToken',
  '*.adminToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'config.adminToken',
  'config.secretKey',
];

/** Roster's structured logger (JSON lines on stdout unless given another destination). */
export function createLogger(level: string, destination: pino.DestinationStream = createStdoutDestination()): Logger {
  return pino({ level, base: { service: 'roster' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

/** Standard output as the logger's destination, with what a clean or a forced exit needs. */
export interface StdoutDestination extends pino.DestinationStream {
  /**
   * Writes out what is buffered, then writes nothing more. Resolves when written, when stdout
   * turned out broken, or after `withinMs` whatever stdout does (a reader that reads nothing).
   */
  finish(withinMs?: number): Promise<void>;
  /** Drops whatever is buffered and writes nothing more: for an exit that must not wait. */
  abandon(): void;
}

/**
 * Standard output, written asynchronously (a reader that stops reading never blocks the server).
 * Once stdout fails (EPIPE: nobody reads it any more; EBADF: it was closed), log lines are dropped
 * instead. That matters at exit: pino's exit hook flushes synchronously, and on a broken stdout
 * its SonicBoom retries forever, so a process that had stopped serving never exited.
 */
export function createStdoutDestination(): StdoutDestination {
  const stream = pino.destination({ dest: 1, sync: false });
  let done = false;
  const silence = () => {
    done = true;
    const noop = () => true;
    Object.assign(stream, { write: noop, flushSync: noop, end: noop, flush: noop, destroy: noop });
  };
  stream.on('error', silence);
  return Object.assign(stream, {
    finish: (withinMs = 1_000) =>
      new Promise<void>((resolve) => {
        if (done) return resolve();
        const timer = setTimeout(resolve, withinMs);
        const finished = () => (clearTimeout(timer), resolve());
        stream.once('close', finished);
        stream.once('error', finished);
        stream.end();
      }).then(silence),
    abandon: silence,
  });
}

export type { Logger };
