import { isRosterError } from '@roster/core';
import { DirectoryError } from '../ldap/directory-error.ts';

/** The reason a run failed, as stored on the run: for a directory administrator, never a secret. */
export function describeFailure(error: unknown): string {
  if (error instanceof DirectoryError) return `${error.failure}: ${error.message}`;
  if (isRosterError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
