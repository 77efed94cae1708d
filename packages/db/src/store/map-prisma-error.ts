import { RosterError } from '@roster/core';
import pg from 'pg';
import { Prisma } from '../generated/prisma/client.ts';

type UniqueCode = 'USER_NAME_TAKEN' | 'GROUP_NAME_TAKEN' | 'EXTERNAL_USERNAME_CLAIMED';

// Unique constraints a concurrent writer can win, by constraint name (adapter-pg reports
// `constraint.index`) and by its distinguishing column (the PGlite adapter reports `constraint.fields`).
const UNIQUE_CODES: readonly (readonly [constraint: string, column: string, UniqueCode, message: string])[] = [
  ['User_iamId_userNameKey_key', 'userNameKey', 'USER_NAME_TAKEN', 'A user with that userName already exists in this IAM.'],
  ['Group_iamId_displayNameKey_key', 'displayNameKey', 'GROUP_NAME_TAKEN', 'A group with that displayName already exists in this IAM.'],
  ['User_externalUsernameKey_key', 'externalUsernameKey', 'EXTERNAL_USERNAME_CLAIMED', 'That external username belongs to another user.'],
];

// Prisma's codes for a database it cannot reach or lost: P1001 unreachable, P1002 and P1008
// timeouts, P1017 connection closed, P2024 no pool connection in time, P2037 too many connections.
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
// The driver adapter's error kinds for the same (@prisma/driver-adapter-utils' MappedError).
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * True for a PostgreSQL SQLSTATE that says the server is going away or not taking work (PostgreSQL
 * Appendix A): class 08 connection exceptions, 57P01 admin shutdown (pg_terminate_backend, a
 * fast shutdown), 57P02 crash shutdown, 57P03 cannot connect now (starting up), 53300 too many
 * connections.
 */
function isUnavailableSqlState(code: unknown): boolean {
  return (
    typeof code === 'string' && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')
  );
}

/** What the driver adapter said, when Prisma passes it along (`meta.driverAdapterError.cause`). */
interface DriverCause {
  readonly kind?: unknown;
  readonly code?: unknown;
  readonly table?: unknown;
  readonly constraint?: { readonly index?: unknown; readonly fields?: unknown };
}

function driverCause(error: Prisma.PrismaClientKnownRequestError): DriverCause {
  const adapterError = (error.meta as { driverAdapterError?: { cause?: DriverCause } } | undefined)?.driverAdapterError;
  return adapterError?.cause ?? {};
}

/** The violated constraint's name and columns (unquoted), as far as the adapter reported them. */
function violatedConstraint(cause: DriverCause): { index: string | null; fields: readonly string[] } {
  const index = typeof cause.constraint?.index === 'string' ? cause.constraint.index : null;
  const reported: unknown = cause.constraint?.fields;
  const fields = Array.isArray(reported) ? reported.map((field) => String(field).replace(/^"(.*)"$/, '$1')) : [];
  return { index, fields };
}

/**
 * True when `error` means the database is unreachable or dropped the connection (refused, reset,
 * terminated, shutting down, out of connections): worth retrying later, not a fault of the request.
 */
export function isStorageOutage(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = driverCause(error);
    return (
      UNAVAILABLE_CODES.has(error.code) ||
      UNAVAILABLE_KINDS.has(String(cause.kind)) ||
      (cause.kind === 'postgres' && isUnavailableSqlState(cause.code))
    );
  }
  // A server error pg raised itself (outside Prisma, or passed through the adapter unmapped).
  if (error instanceof pg.DatabaseError) return isUnavailableSqlState(error.code);
  return isLostConnectionMessage((error as { message?: unknown } | null)?.message);
}

// pg's own errors for a connection it has lost, which carry neither SQLSTATE nor errno: its fixed
// texts (pg/lib/client.js). They reach us when the backend of a checked-out connection (a Prisma
// transaction between statements) was terminated, and Prisma passes them on as plain objects.
const PG_CONNECTION_LOST = new Set([
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated unexpectedly',
  'Connection terminated',
]);

function isLostConnectionMessage(message: unknown): boolean {
  return typeof message === 'string' && PG_CONNECTION_LOST.has(message);
}

/**
 * A statement the database refused for a reason that is no caller's to handle (a bug, a row gone
 * under a write, a constraint the domain does not check first): raised in place of Prisma's or the
 * driver's error, which is its `cause`, so neither escapes this package. The transports treat it
 * as any unexpected error (logged, masked).
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(cause: unknown) {
    super('The database refused a statement.', { cause });
  }
}

function isPrismaError(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientRustPanicError ||
    error instanceof Prisma.PrismaClientValidationError
  );
}

/**
 * Turns a Prisma error into Roster's vocabulary so that none escapes this package: a unique
 * violation that a concurrent writer won becomes the same coded error the domain check raises,
 * a refused, lost or terminated connection becomes STORAGE_UNAVAILABLE, and any other Prisma
 * error a {@link StorageError}. Errors that are not Prisma's (a RosterError of the work inside a
 * transaction) pass through unchanged.
 */
export function mapPrismaError(error: unknown): unknown {
  if (isStorageOutage(error)) return new RosterError('STORAGE_UNAVAILABLE', 'The database is unreachable.', { cause: error });
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P2002 from Prisma's own queries; P2010 when a raw statement (the one-statement user insert)
    // failed, with the adapter's error kind as the reason.
    const cause = driverCause(error);
    const raw = error.code === 'P2010';
    if (error.code === 'P2002' || (raw && cause.kind === 'UniqueConstraintViolation')) {
      const { index, fields } = violatedConstraint(cause);
      const match = UNIQUE_CODES.find(([constraint, column]) => index === constraint || fields.includes(column));
      if (match) return new RosterError(match[2], match[3], { cause: error });
      const model = (error.meta as { modelName?: unknown } | undefined)?.modelName;
      if (index === 'Iam_pkey' || cause.table === 'Iam' || model === 'Iam')
        return new RosterError('IAM_ID_TAKEN', 'That IAM ID is taken.', { cause: error });
    }
    if (raw && cause.kind === 'ForeignKeyConstraintViolation' && violatedConstraint(cause).index === 'User_iamId_fkey') {
      return new RosterError('IAM_NOT_FOUND', 'The IAM no longer exists.', { cause: error });
    }
  }
  return isPrismaError(error) ? new StorageError(error) : error;
}

// Node's socket errors as pg reports them when the server refuses or drops the connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * mapPrismaError for errors of the driver itself (the SQL reader, which bypasses Prisma): the
 * same outage SQLSTATEs, and the socket errors of a refused or dropped connection; anything else
 * the driver raised is a {@link StorageError}. Only for errors that can come from nothing but the
 * database, since a socket code alone names no peer.
 */
export function mapDriverError(error: unknown): unknown {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  const lost = isStorageOutage(error) || (error instanceof Error && SOCKET_CODES.has(String(code)));
  if (lost) return new RosterError('STORAGE_UNAVAILABLE', 'The database is unreachable.', { cause: error });
  // The one-statement user insert runs on the driver too: pg and PGlite name the violated constraint.
  if (code === '23505') {
    const match = UNIQUE_CODES.find(([name]) => name === constraint);
    if (match) return new RosterError(match[2], match[3], { cause: error });
  }
  if (code === '23503' && constraint === 'User_iamId_fkey') {
    return new RosterError('IAM_NOT_FOUND', 'The IAM no longer exists.', { cause: error });
  }
  return error instanceof RosterError ? error : new StorageError(error);
}

/** Runs `work`, with any Prisma error it throws mapped by {@link mapPrismaError}. */
export async function mappingPrismaErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapPrismaError(error);
  }
}
