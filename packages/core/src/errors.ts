/**
 * Every failure Roster reports on purpose. Transports map a code to their own shape (GraphQL
 * `extensions.code`, SCIM `status` + `scimType`, HTTP status) from one table each; nobody
 * matches on message text.
 */
export type RosterErrorCode =
  | 'VALIDATION_FAILED'
  | 'IAM_NOT_FOUND'
  | 'USER_NOT_FOUND'
  | 'GROUP_NOT_FOUND'
  | 'SYNC_RUN_NOT_FOUND'
  | 'API_TOKEN_NOT_FOUND'
  | 'IAM_ID_TAKEN'
  | 'USER_NAME_TAKEN'
  | 'GROUP_NAME_TAKEN'
  | 'EXTERNAL_USERNAME_CLAIMED'
  | 'IMMUTABLE_FIELD'
  | 'FIELD_OWNED_BY_IDP'
  | 'BUILTIN_IAM_PROTECTED'
  | 'CROSS_IAM_MEMBERSHIP'
  | 'INVALID_MATCHING_ATTRIBUTE'
  | 'AMBIGUOUS_MATCH'
  | 'SYNC_ALREADY_RUNNING'
  | 'SYNC_RUN_FINISHED'
  | 'VERSION_MISMATCH'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_CORRUPT'
  | 'DATA_DIR_LOCKED';

/** Structured detail that travels with an error: field paths, offending values, limits. */
export type RosterErrorDetails = Readonly<Record<string, unknown>>;

/** The one error class of Roster's domain; `code` is stable, `message` is for people. */
export class RosterError extends Error {
  override readonly name = 'RosterError';
  readonly code: RosterErrorCode;
  readonly details: RosterErrorDetails;

  constructor(code: RosterErrorCode, message: string, options: { details?: RosterErrorDetails; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a RosterError, optionally of one of the given codes. */
export function isRosterError(error: unknown, ...codes: RosterErrorCode[]): error is RosterError {
  return error instanceof RosterError && (codes.length === 0 || codes.includes(error.code));
}
