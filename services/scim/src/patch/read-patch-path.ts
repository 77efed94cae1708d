import type { PatchPath } from '../filter/filter-ast.ts';
import { FilterLimitError } from '../filter/filter-limits.ts';
import { parsePatchPath } from '../filter/parse-filter.ts';
import { ScimError } from '../http/scim-error.ts';

/**
 * A PATCH operation's path (RFC 7644 §3.5.2). A malformed path is 400 invalidPath; a value filter in
 * it beyond the filter limits is 400 invalidFilter, as the same filter in a query would be.
 */
export function readPatchPath(text: string): PatchPath {
  try {
    return parsePatchPath(text);
  } catch (error) {
    if (error instanceof FilterLimitError)
      throw new ScimError(400, `Invalid filter in path "${text.slice(0, 100)}": ${error.message}`, 'invalidFilter');
    throw new ScimError(400, `Invalid path "${text}": ${(error as Error).message}`, 'invalidPath');
  }
}
