/**
 * Why migrating a database was refused or failed. Stable, for code to branch on; the message is
 * for the operator reading the deploy log.
 */
export type MigrationErrorCode =
  /** A migration's SQL failed; see `migrationName` and `cause`. */
  | 'MIGRATION_FAILED'
  /** The database records a migration that failed earlier and was never resolved. */
  | 'FAILED_MIGRATION_RECORDED'
  /** The database records applied migrations that the migrations folder does not have. */
  | 'UNKNOWN_MIGRATION_RECORDED'
  /** The schema engine failed for another reason (connection, unreadable migration, ...). */
  | 'SCHEMA_ENGINE_FAILED'
  /** The driver adapter offers no way to run a migration in one transaction. */
  | 'UNSUPPORTED_ADAPTER'
  /** A new migration's name is not snake_case. */
  | 'INVALID_MIGRATION_NAME';

/**
 * The error of everything under `src/migrations`. Migrating is an operator's concern at deploy
 * time, not a domain failure, so it is not one of @roster/core's `RosterError` codes.
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code: MigrationErrorCode;
  /** The migration directory name (`<timestamp>_<name>`) this is about, if one. */
  readonly migrationName: string | undefined;

  constructor(code: MigrationErrorCode, message: string, options: { migrationName?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.migrationName = options.migrationName;
  }
}
