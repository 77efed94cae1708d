import { isRosterError, type RosterErrorCode } from '@roster/core';
import { FilterSyntaxError } from '../filter/filter-ast.ts';
import { FilterLimitError } from '../filter/filter-limits.ts';

/** RFC 7644 §3.12 scimType values. */
export type ScimType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'invalidValue'
  | 'uniqueness'
  | 'mutability'
  | 'tooMany'
  | 'noTarget'
  | 'invalidVers'
  | 'sensitive';

/** A failure answered as a SCIM error (RFC 7644 §3.12). */
export class ScimError extends Error {
  override readonly name = 'ScimError';
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }
}

/** The one table from Roster's error codes to SCIM status and scimType. */
const BY_CODE: Readonly<Record<RosterErrorCode, readonly [number, ScimType?]>> = {
  VALIDATION_FAILED: [400, 'invalidValue'],
  IAM_NOT_FOUND: [404],
  USER_NOT_FOUND: [404],
  GROUP_NOT_FOUND: [404],
  SYNC_RUN_NOT_FOUND: [404],
  API_TOKEN_NOT_FOUND: [404],
  WEBHOOK_ENDPOINT_NOT_FOUND: [404],
  WEBHOOK_URL_REFUSED: [400, 'invalidValue'],
  IAM_ID_TAKEN: [409, 'uniqueness'],
  USER_NAME_TAKEN: [409, 'uniqueness'],
  GROUP_NAME_TAKEN: [409, 'uniqueness'],
  EXTERNAL_USERNAME_CLAIMED: [409, 'uniqueness'],
  AMBIGUOUS_MATCH: [409, 'uniqueness'],
  IMMUTABLE_FIELD: [400, 'mutability'],
  FIELD_OWNED_BY_IDP: [400, 'mutability'],
  BUILTIN_IAM_PROTECTED: [403],
  CROSS_IAM_MEMBERSHIP: [400, 'invalidValue'],
  INVALID_MATCHING_ATTRIBUTE: [400, 'invalidValue'],
  SYNC_ALREADY_RUNNING: [409],
  SYNC_RUN_FINISHED: [409],
  SAFETY_LIMIT: [409],
  VERSION_MISMATCH: [412],
  UNAUTHENTICATED: [401],
  FORBIDDEN: [403],
  STORAGE_UNAVAILABLE: [503],
  DATA_DIR_LOCKED: [503],
  STORAGE_CORRUPT: [500],
};

/** Any thrown value as a ScimError; unexpected ones become 500 without internals. */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof FilterSyntaxError || error instanceof FilterLimitError) return new ScimError(400, error.message, 'invalidFilter');
  if (isRosterError(error)) {
    const [status, scimType] = BY_CODE[error.code];
    const type = error.code === 'VALIDATION_FAILED' && error.details.filter ? 'invalidFilter' : scimType;
    return new ScimError(status, error.message, type);
  }
  return new ScimError(500, 'Internal error.');
}

/** The RFC 7644 §3.12 body: `status` is a string. */
export function errorBody(error: ScimError): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  };
}
