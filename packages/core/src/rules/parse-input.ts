import type { z } from 'zod';
import { RosterError } from '../errors.ts';

/**
 * Validates input at the edge of the domain. On failure throws VALIDATION_FAILED whose message
 * names each offending field path ("ldap.url: must be a URL ...") and whose details carry the
 * issues for transports to render.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  throw new RosterError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { details: { issues } });
}
