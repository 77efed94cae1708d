import { InvalidCredentialsError, InvalidDNSyntaxError, NoSuchObjectError, ResultCodeError, TimeLimitExceededError } from 'ldapts';

/** Why talking to the directory failed, in words a directory administrator acts on. */
export type DirectoryFailure = 'CONNECTION_FAILED' | 'TIMEOUT' | 'TLS_FAILED' | 'BIND_FAILED' | 'SEARCH_FAILED' | 'CONNECTION_LOST';

/** A directory failure; the only error the LDAP adapter lets out. Never carries the bind password. */
export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly failure: DirectoryFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// Node's TLS and OpenSSL error codes (`err.code`): certificate checks, handshake failures.
const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL)/;
// Node's socket error codes for a directory that cannot be reached at all.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// ... and for a connection that was there and went away.
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * ldapts 8 (client.ts) rejects with a plain `Error`, without a class or `code`, in four cases,
 * and only their fixed message tells them apart. Matched whole (or by ldapts' fixed prefix or
 * suffix), never by a loose word:
 * - `connectTimeout` elapsed: "Connection timeout";
 * - `timeout` elapsed on a request: "<RequestClass>: Operation timed out";
 * - the socket closed with requests pending: "Connection closed before message response was received. ...";
 * - a socket error after connecting: "Socket error. Message type: ...\n<the socket error's message>"
 *   (the socket error itself, and its `code`, are not kept);
 * - a request on a closed client: "Socket connection not established".
 */
function ldaptsPlainFailure(error: unknown): 'TIMEOUT' | 'CONNECTION_LOST' | null {
  if (error?.constructor !== Error) return null;
  const { message } = error as Error;
  if (message === 'Connection timeout' || /^\w+: Operation timed out$/.test(message)) return 'TIMEOUT';
  if (
    message.startsWith('Connection closed before message response was received.') ||
    message.startsWith('Socket error. Message type: ') ||
    message === 'Socket connection not established'
  )
    return 'CONNECTION_LOST';
  return null;
}

/**
 * Turns what ldapts or the socket threw into a DirectoryError, by ldapts' error classes (one per
 * LDAP result code), Node's error `code`s, and (where ldapts gives neither) its fixed messages.
 * `phase` says what was being done (connecting, binding, searching a base DN) so the message names it.
 */
export function toDirectoryError(error: unknown, phase: string): DirectoryError {
  if (error instanceof DirectoryError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidCredentialsError)
    return new DirectoryError('BIND_FAILED', `${phase}: the directory rejected the bind DN or password (invalid credentials).`, {
      cause: error,
    });
  if (error instanceof TimeLimitExceededError)
    return new DirectoryError('TIMEOUT', `${phase}: the directory's time limit was exceeded.`, { cause: error });
  if (error instanceof NoSuchObjectError || error instanceof InvalidDNSyntaxError)
    return new DirectoryError('SEARCH_FAILED', `${phase}: no such entry or an invalid DN (${message}).`, { cause: error });
  if (error instanceof ResultCodeError)
    return new DirectoryError('SEARCH_FAILED', `${phase}: the directory answered ${error.constructor.name} (${message}).`, {
      cause: error,
    });
  if (typeof code === 'string' && TLS_CODES.test(code))
    return new DirectoryError('TLS_FAILED', `${phase}: TLS failed (${code}: ${message}).`, { cause: error });
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
    return new DirectoryError('CONNECTION_FAILED', `${phase}: cannot reach the directory (${code}).`, { cause: error });
  }
  const plain = ldaptsPlainFailure(error);
  if (code === 'ETIMEDOUT' || plain === 'TIMEOUT')
    return new DirectoryError('TIMEOUT', `${phase}: the directory did not answer in time (${message}).`, { cause: error });
  if ((typeof code === 'string' && LOST_CODES.has(code)) || plain === 'CONNECTION_LOST') {
    return new DirectoryError('CONNECTION_LOST', `${phase}: the connection to the directory was lost (${message}).`, { cause: error });
  }
  return new DirectoryError('SEARCH_FAILED', `${phase}: ${message}`, { cause: error });
}
