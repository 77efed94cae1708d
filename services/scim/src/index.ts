/** @roster/scim: the SCIM 2.0 service provider (RFC 7643/7644) as a Fetch handler. */
export { createScimHandler } from './create-scim-handler.ts';
export type { ScimDeps, ScimLogger } from './http/scim-env.ts';
export { parseFilter, parsePatchPath } from './filter/parse-filter.ts';
export { FilterSyntaxError } from './filter/filter-ast.ts';
export { FILTER_LIMITS, FilterLimitError } from './filter/filter-limits.ts';
