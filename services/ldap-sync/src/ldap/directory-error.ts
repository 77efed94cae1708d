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

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_OSSL)/;

/**
 * Turns what ldapts or the socket threw into a DirectoryError. `phase` says what was being done
 * (connecting, binding, searching a base DN) so the message names it.
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
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'EAI_AGAIN') {
    return new DirectoryError('CONNECTION_FAILED', `${phase}: cannot reach the directory (${code}).`, { cause: error });
  }
  if (code === 'ETIMEDOUT' || /timeout|timed out/i.test(message))
    return new DirectoryError('TIMEOUT', `${phase}: the directory did not answer in time (${message}).`, { cause: error });
  if (code === 'ECONNRESET' || code === 'EPIPE' || /closed|not established|socket/i.test(message)) {
    return new DirectoryError('CONNECTION_LOST', `${phase}: the connection to the directory was lost (${message}).`, { cause: error });
  }
  return new DirectoryError('SEARCH_FAILED', `${phase}: ${message}`, { cause: error });
}
