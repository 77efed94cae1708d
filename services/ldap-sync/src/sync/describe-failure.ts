import { isRosterError, type SyncFailure } from '@roster/core';
import { DirectoryError } from '../ldap/directory-error.ts';

/** The reason a run failed, as stored on the run (code and message apart): for a directory administrator, never a secret. */
export function describeFailure(error: unknown): SyncFailure {
  if (error instanceof DirectoryError) return { code: error.failure, message: error.message };
  if (isRosterError(error)) return { code: error.code, message: error.message };
  return { code: null, message: error instanceof Error ? error.message : String(error) };
}
