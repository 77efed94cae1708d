/**
 * How deep and how long a filter may be. RFC 7644 §3.4.2.2 sets no bound, but an unbounded one lets
 * one request exhaust the stack (5,000 nested parentheses) or build an unbounded query. IdPs send a
 * comparison or two (Okta and Entra: `userName eq "..."`, `members[value eq "..."]`), so these
 * limits sit far above real traffic.
 */
export const FILTER_LIMITS = {
  /** Nested groupings: parentheses, `not (...)` and value filters `attr[...]`. */
  maxDepth: 32,
  /** Comparisons and `pr` tests in one filter or PATCH path. */
  maxComparisons: 200,
} as const;

/** A filter or path beyond {@link FILTER_LIMITS}: answered 400 invalidFilter, not a syntax error. */
export class FilterLimitError extends Error {
  override readonly name = 'FilterLimitError';
  constructor(
    readonly limit: keyof typeof FILTER_LIMITS,
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}
