import { GraphQLError } from 'graphql';
import { isRosterError, type RosterError, type RosterErrorCode } from '@roster/core';

/**
 * The GraphQL error code for each domain error, and the HTTP status where one applies (an outage
 * is 503, so clients and proxies retry): the one table for this transport.
 */
const CODES: Readonly<Record<RosterErrorCode, readonly [code: string, httpStatus?: number]>> = {
  VALIDATION_FAILED: ['VALIDATION_FAILED'],
  INVALID_MATCHING_ATTRIBUTE: ['VALIDATION_FAILED'],
  IAM_NOT_FOUND: ['NOT_FOUND'],
  USER_NOT_FOUND: ['NOT_FOUND'],
  GROUP_NOT_FOUND: ['NOT_FOUND'],
  SYNC_RUN_NOT_FOUND: ['NOT_FOUND'],
  API_TOKEN_NOT_FOUND: ['NOT_FOUND'],
  WEBHOOK_ENDPOINT_NOT_FOUND: ['NOT_FOUND'],
  WEBHOOK_URL_REFUSED: ['VALIDATION_FAILED'],
  IAM_ID_TAKEN: ['CONFLICT'],
  USER_NAME_TAKEN: ['CONFLICT'],
  GROUP_NAME_TAKEN: ['CONFLICT'],
  EXTERNAL_USERNAME_CLAIMED: ['CONFLICT'],
  VERSION_MISMATCH: ['CONFLICT'],
  SYNC_ALREADY_RUNNING: ['CONFLICT'],
  SYNC_RUN_FINISHED: ['CONFLICT'],
  SAFETY_LIMIT: ['CONFLICT'],
  AMBIGUOUS_MATCH: ['CONFLICT'],
  IMMUTABLE_FIELD: ['FORBIDDEN_CHANGE'],
  FIELD_OWNED_BY_IDP: ['FORBIDDEN_CHANGE'],
  BUILTIN_IAM_PROTECTED: ['FORBIDDEN_CHANGE'],
  CROSS_IAM_MEMBERSHIP: ['FORBIDDEN_CHANGE'],
  UNAUTHENTICATED: ['UNAUTHENTICATED'],
  FORBIDDEN: ['FORBIDDEN'],
  STORAGE_UNAVAILABLE: ['SERVICE_UNAVAILABLE', 503],
  DATA_DIR_LOCKED: ['SERVICE_UNAVAILABLE', 503],
  STORAGE_CORRUPT: ['INTERNAL_SERVER_ERROR', 500],
};

/** The GraphQL code of a domain error. */
export function codeOf(error: RosterError): string {
  return CODES[error.code][0];
}

/**
 * yoga's maskError: domain errors become GraphQL errors with `extensions.code` (plus `reason`, the
 * domain code, and field paths for validation failures); anything unexpected stays masked.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (isRosterError(original)) {
    const graphqlError = error instanceof GraphQLError ? error : undefined;
    const [code, status] = CODES[original.code];
    return new GraphQLError(original.message, {
      ...(graphqlError
        ? { nodes: graphqlError.nodes, path: graphqlError.path, source: graphqlError.source, positions: graphqlError.positions }
        : {}),
      extensions: {
        code,
        reason: original.code,
        ...(status === undefined ? {} : { http: { status } }),
        ...publicDetails(original.details),
      },
    });
  }
  if (!isUnexpected(error)) return error as GraphQLError;
  return isDev && error instanceof Error ? error : new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** True for an error no rule of Roster's raised on purpose: a bug or an outage, masked for clients. */
export function isUnexpected(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return !isRosterError(error);
  return error.originalError !== undefined && !(error.originalError instanceof GraphQLError) && !isRosterError(error.originalError);
}

function publicDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return details['issues'] ? { fieldErrors: details['issues'] } : { details };
}
