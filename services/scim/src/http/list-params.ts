import type { Filter } from '../filter/filter-ast.ts';
import { parseFilter } from '../filter/parse-filter.ts';
import { LIMITS } from '../schema/schema-urns.ts';
import { getKey, textOf } from '../users/scim-values.ts';
import { ScimError } from './scim-error.ts';

/** Query parameters of a list or .search request (RFC 7644 §3.4.2, §3.4.3). */
export interface ListParams {
  readonly filter: Filter | null;
  readonly startIndex: number;
  readonly count: number;
  readonly sortBy: string | null;
  readonly descending: boolean;
  readonly attributes: string[];
  readonly excludedAttributes: string[];
}

/** Reads list parameters from a query string or a SearchRequest body; values are validated. */
export function readListParams(source: Readonly<Record<string, unknown>>): ListParams {
  const text = (name: string): string | null => {
    const value = getKey(source, name);
    return value === undefined || value === null ? null : textOf(value);
  };
  const list = (name: string): string[] => {
    const value = getKey(source, name);
    const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
    return items.map((item) => item.trim()).filter(Boolean);
  };
  const filterText = text('filter');
  // RFC 7644 §3.4.2.4: startIndex < 1 is read as 1; count < 0 as 0; above the maximum, the maximum.
  const startIndex = Math.max(1, integer(text('startIndex'), 1, 'startIndex'));
  const count = Math.min(LIMITS.maxResults, Math.max(0, integer(text('count'), 100, 'count')));
  const order = text('sortOrder')?.toLowerCase() ?? 'ascending';
  if (order !== 'ascending' && order !== 'descending')
    throw new ScimError(400, 'sortOrder must be "ascending" or "descending".', 'invalidValue');
  return {
    filter: filterText === null || filterText.trim() === '' ? null : parseFilter(filterText),
    startIndex,
    count,
    sortBy: text('sortBy'),
    descending: order === 'descending',
    attributes: list('attributes'),
    excludedAttributes: list('excludedAttributes'),
  };
}

function integer(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new ScimError(400, `${name} must be an integer.`, 'invalidValue');
  return number;
}
