import { RosterError, type RosterErrorCode } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';

const UNIQUE_CODES: readonly [string, RosterErrorCode, string][] = [
  ['userNameKey', 'USER_NAME_TAKEN', 'A user with that userName already exists in this IAM.'],
  ['displayNameKey', 'GROUP_NAME_TAKEN', 'A group with that displayName already exists in this IAM.'],
  ['externalUsernameKey', 'EXTERNAL_USERNAME_CLAIMED', 'That external username belongs to another user.'],
];

/**
 * Turns a Prisma error into Roster's vocabulary so that none escapes this package: a unique
 * violation that a concurrent writer won becomes the same coded error the domain check raises,
 * and a lost connection becomes STORAGE_UNAVAILABLE. Other errors pass through unchanged.
 */
export function mapPrismaError(error: unknown): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P2010: a raw statement (the one-statement user insert) failed; the driver's cause says why.
    const cause = error.code === 'P2010' ? JSON.stringify(error.meta ?? {}) : '';
    if (error.code === 'P2002' || cause.includes('UniqueConstraintViolation')) {
      const where = JSON.stringify(error.meta ?? {}) + error.message;
      const match = UNIQUE_CODES.find(([column]) => where.includes(column));
      if (match) return new RosterError(match[1], match[2], { cause: error });
      if (where.includes('Iam')) return new RosterError('IAM_ID_TAKEN', 'That IAM ID is taken.', { cause: error });
    }
    if (cause.includes('ForeignKeyConstraintViolation') && cause.includes('User_iamId_fkey')) {
      return new RosterError('IAM_NOT_FOUND', 'The IAM no longer exists.', { cause: error });
    }
    if (error.code === 'P1001' || error.code === 'P1017' || error.code === 'P2024') {
      return new RosterError('STORAGE_UNAVAILABLE', 'The database is unreachable.', { cause: error });
    }
  }
  if (error instanceof Prisma.PrismaClientInitializationError) {
    return new RosterError('STORAGE_UNAVAILABLE', `The database is unreachable: ${error.message}`, { cause: error });
  }
  return error;
}
