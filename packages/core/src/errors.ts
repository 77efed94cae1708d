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
  | 'WEBHOOK_ENDPOINT_NOT_FOUND'
  | 'WEBHOOK_URL_REFUSED'
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
  | 'SAFETY_LIMIT'
  | 'VERSION_MISMATCH'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_CORRUPT'
  | 'DATA_DIR_LOCKED';

/** Structured detail that travels with an error: field paths, offending values, limits. */
export type RosterErrorDetails = Readonly<Record<string, unknown>>;

/** One problem of an input, at a field path (`ldap.url`, `emails.0.value`). */
export interface RosterErrorIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The details each code carries (jose's pattern: the code decides the shape). A code whose entry
 * has no required field may be raised without details. Add a code here with the fields its
 * callers read; `RosterErrorDetails` is the shape of codes that carry nothing in particular.
 */
export interface RosterErrorDetailsByCode {
  VALIDATION_FAILED: {
    readonly issues?: readonly RosterErrorIssue[];
    readonly field?: string;
    readonly fields?: readonly string[];
    readonly attribute?: string;
    readonly iamId?: string;
    readonly userId?: string;
    readonly missing?: readonly string[];
    /** How many users stand in the way. */
    readonly users?: number;
    /** A SCIM filter could not be used (SCIM's `invalidFilter`). */
    readonly filter?: boolean;
  };
  IAM_NOT_FOUND: { readonly iamId?: string };
  USER_NOT_FOUND: { readonly userId?: string; readonly userIds?: readonly string[]; readonly iamId?: string };
  GROUP_NOT_FOUND: { readonly groupId?: string };
  SYNC_RUN_NOT_FOUND: { readonly syncRunId: string };
  API_TOKEN_NOT_FOUND: { readonly id: string };
  WEBHOOK_ENDPOINT_NOT_FOUND: { readonly id: string };
  /** `reason`: why (not an http(s) URL, a link-local or metadata address, a private one under WEBHOOK_DENY_PRIVATE). */
  WEBHOOK_URL_REFUSED: { readonly url: string; readonly reason: string };
  IAM_ID_TAKEN: { readonly iamId?: string };
  /** `existingUserId`: the holder of the name (null when the clash is inside one request, or lost to a concurrent writer). */
  USER_NAME_TAKEN: {
    readonly iamId?: string;
    readonly userName?: string;
    readonly existingUserId?: string | null;
    readonly deprovisioned?: boolean;
  };
  GROUP_NAME_TAKEN: { readonly iamId?: string; readonly displayName?: string; readonly existingGroupId?: string | null };
  EXTERNAL_USERNAME_CLAIMED: { readonly externalUsername?: string; readonly iamId?: string };
  IMMUTABLE_FIELD: RosterErrorDetails;
  FIELD_OWNED_BY_IDP: { readonly fields?: readonly string[]; readonly iamId?: string };
  BUILTIN_IAM_PROTECTED: RosterErrorDetails;
  CROSS_IAM_MEMBERSHIP: RosterErrorDetails;
  INVALID_MATCHING_ATTRIBUTE: RosterErrorDetails;
  AMBIGUOUS_MATCH: { readonly attribute: string; readonly value: unknown; readonly userIds: readonly string[] };
  SYNC_ALREADY_RUNNING: { readonly iamId: string; readonly syncRunId: string };
  SYNC_RUN_FINISHED: { readonly syncRunId: string };
  /** A sync would deactivate or delete `missing` of the `held` users or groups, above `limitPercent`. */
  SAFETY_LIMIT: {
    readonly iamId: string;
    readonly kind: string;
    readonly missing: number;
    readonly held: number;
    readonly limitPercent: number;
  };
  VERSION_MISMATCH: { readonly userId?: string; readonly groupId?: string; readonly version?: number };
  UNAUTHENTICATED: RosterErrorDetails;
  FORBIDDEN: { readonly iamId?: string; readonly userId?: string };
  STORAGE_UNAVAILABLE: RosterErrorDetails;
  /** `where` names the row and column (never its content); `issues` what did not parse. */
  STORAGE_CORRUPT: { readonly where: string; readonly issues: readonly RosterErrorIssue[] };
  DATA_DIR_LOCKED: { readonly dataDir: string; readonly pid: number | null };
}

// Every code has an entry, and nothing else does.
type MissingDetails = Exclude<RosterErrorCode, keyof RosterErrorDetailsByCode>;
type ExtraDetails = Exclude<keyof RosterErrorDetailsByCode, RosterErrorCode>;
export type RosterErrorDetailsCoverCodes = [MissingDetails, ExtraDetails] extends [never, never] ? true : never;
const detailsCoverCodes: RosterErrorDetailsCoverCodes = true;
void detailsCoverCodes;

/** The details of errors of code `C`. */
export type RosterErrorDetailsOf<C extends RosterErrorCode> = RosterErrorDetailsByCode[C];

/** The options of a RosterError of code `C`: `details` is required when that code's details have a required field. */
export type RosterErrorOptions<C extends RosterErrorCode> = { readonly cause?: unknown } & (Record<
  string,
  never
> extends RosterErrorDetailsOf<C>
  ? { readonly details?: RosterErrorDetailsOf<C> }
  : { readonly details: RosterErrorDetailsOf<C> });

/** The one error class of Roster's domain; `code` is stable, `message` is for people, `details` is typed by the code. */
export class RosterError<C extends RosterErrorCode = RosterErrorCode> extends Error {
  override readonly name = 'RosterError';
  readonly code: C;
  readonly details: RosterErrorDetailsOf<C>;

  constructor(
    code: C,
    message: string,
    ...[options]: Record<string, never> extends RosterErrorDetailsOf<C>
      ? [options?: RosterErrorOptions<C>]
      : [options: RosterErrorOptions<C>]
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details ?? ({} as RosterErrorDetailsOf<C>);
  }
}

/** A RosterError of one of the codes `C`, discriminated by `code` (so `details` narrows with it). */
export type RosterErrorOf<C extends RosterErrorCode> = C extends RosterErrorCode ? RosterError<C> : never;

/**
 * True when `error` is a RosterError, optionally of one of the given codes; narrows `details` to
 * those codes' shapes: `isRosterError(e, 'USER_NAME_TAKEN') && e.details.existingUserId`.
 */
export function isRosterError<C extends RosterErrorCode = RosterErrorCode>(error: unknown, ...codes: C[]): error is RosterErrorOf<C> {
  return error instanceof RosterError && (codes.length === 0 || codes.includes(error.code as C));
}
