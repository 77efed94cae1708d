import { pino, type Logger } from 'pino';

/** Paths whose values never reach a log line: tokens, passwords, secrets, keys, cookies. */
export const REDACTED_PATHS = [
  'token', '*.token', 'scimToken', '*.scimToken', 'password', '*.password', 'bindPassword', '*.bindPassword',
  'clientSecret', '*.clientSecret', 'secret', '*.secret', 'privateKey', '*.privateKey', 'adminToken', '*.adminToken',
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'config.adminToken', 'config.secretKey',
];

/** Roster's structured logger (JSON lines on stdout). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'roster' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
