import { GraphQLError } from 'graphql';

/** The largest page any connection returns. */
export const MAX_PAGE_SIZE = 100;

/**
 * Pothos' `maxSize` for connections: asking for more than 100 is a VALIDATION_FAILED error
 * rather than a silently shorter page.
 */
export function maxPageSize(args: { first?: number | null; last?: number | null }): number {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (typeof value === 'number' && (value > MAX_PAGE_SIZE || value < 0)) {
      throw new GraphQLError(`${name} must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ path: name, message: `at most ${MAX_PAGE_SIZE}` }] },
      });
    }
  }
  return MAX_PAGE_SIZE;
}
