import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from './filter-ast.ts';
import { FILTER_LIMITS, FilterLimitError } from './filter-limits.ts';
import { parseFilter, parsePatchPath } from './parse-filter.ts';

const errorOf = (text: string) => {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return { message: error.message, position: error.position };
    throw error;
  }
  throw new Error(`"${text}" parsed`);
};

describe('parseFilter (RFC 7644 §3.4.2.2)', () => {
  it('parses every comparison operator, case-insensitively, and pr', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'EQ', 'Sw']) {
      expect(parseFilter(`userName ${op} "bjensen"`)).toMatchObject({ type: 'compare', op: op.toLowerCase(), value: 'bjensen' });
    }
    expect(parseFilter('title pr')).toMatchObject({ type: 'present', path: { name: 'title' } });
  });

  it('gives "and" precedence over "or", honours parentheses and not', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toMatchObject({ type: 'or', right: { type: 'and' } });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toMatchObject({ type: 'and', left: { type: 'or' } });
    expect(parseFilter('not (active eq false)')).toMatchObject({ type: 'not', filter: { type: 'compare', value: false } });
  });

  it('reads literals: strings with escapes, numbers, true, false, null', () => {
    expect(parseFilter('displayName eq "Ba\\"bs \\u00e9"')).toMatchObject({ value: 'Ba"bs é' });
    expect(parseFilter('meta.version gt -1.5e2')).toMatchObject({ value: -150, path: { name: 'meta', sub: 'version' } });
    expect(parseFilter('x eq null')).toMatchObject({ value: null });
    expect(parseFilter('x eq True')).toMatchObject({ value: true });
  });

  it('parses value paths, dotted and URN-qualified attributes', () => {
    expect(parseFilter('emails[type eq "work" and primary eq true]')).toMatchObject({
      type: 'valuePath',
      path: { name: 'emails' },
      filter: { type: 'and' },
    });
    expect(parseFilter('name.familyName co "O\'Malley"')).toMatchObject({ path: { name: 'name', sub: 'familyName' } });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "x"')).toMatchObject({
      path: { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'name', sub: 'givenName' },
    });
    expect(parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"')).toMatchObject({
      path: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'department', sub: null },
    });
  });

  it('reads Entra\'s emails[type eq "work"].value eq form as one email matching both', () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      type: 'valuePath',
      path: { uri: null, name: 'emails', sub: null, position: 0 },
      filter: {
        type: 'and',
        left: { type: 'compare', path: { uri: null, name: 'type', sub: null, position: 7 }, op: 'eq', value: 'work' },
        right: { type: 'compare', path: { uri: null, name: 'value', sub: null, position: 23 }, op: 'eq', value: 'a@b.c' },
      },
    });
  });

  it('reports errors with the position they were found at', () => {
    expect(errorOf('userName eq')).toEqual({
      message: 'Expected a value (a "string", number, true, false or null) at position 11',
      position: 11,
    });
    expect(errorOf('userName foo "x"')).toMatchObject({ position: 9 });
    expect(errorOf('userName eq "x')).toMatchObject({ message: 'Unterminated string at position 12', position: 12 });
    expect(errorOf('(userName eq "x"')).toMatchObject({ message: 'Expected ")" at position 16' });
    expect(errorOf('userName eq "x" junk')).toMatchObject({ position: 16 });
    expect(errorOf('emails[type eq "work"')).toMatchObject({ position: 21 });
    expect(errorOf('not userName eq "x"')).toMatchObject({ position: 4 });
    expect(errorOf('userName eq "x" and')).toMatchObject({ position: 19 });
    expect(errorOf('userName eq #')).toMatchObject({ position: 12 });
  });
});

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  it('parses attribute paths, value paths and a trailing sub-attribute', () => {
    expect(parsePatchPath('members')).toMatchObject({ path: { name: 'members' }, filter: null, sub: null });
    expect(parsePatchPath('members[value eq "2819c223"]')).toMatchObject({ filter: { type: 'compare', value: '2819c223' } });
    expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({ path: { name: 'emails' }, sub: 'value' });
    expect(parsePatchPath('name.givenName')).toMatchObject({ path: { name: 'name', sub: 'givenName' } });
    expect(() => parsePatchPath('emails[type eq "work"]]')).toThrow(/position 22/);
  });
});

describe('filter limits', () => {
  const limitOf = (parse: () => unknown) => {
    try {
      parse();
    } catch (error) {
      if (error instanceof FilterLimitError) return { limit: error.limit, position: error.position, message: error.message };
      throw error;
    }
    throw new Error('parsed');
  };
  const nested = (levels: number) => `${'('.repeat(levels)}userName eq "x"${')'.repeat(levels)}`;
  const terms = (count: number) => Array.from({ length: count }, (_, i) => `userName eq "u${i}"`).join(' or ');

  it(`refuses more than ${FILTER_LIMITS.maxDepth} nested parentheses, not and value filters, naming the limit`, () => {
    expect(parseFilter(nested(32))).toMatchObject({ type: 'compare' });
    expect(limitOf(() => parseFilter(nested(33)))).toEqual({
      limit: 'maxDepth',
      position: 32,
      message: 'Filters may nest at most 32 levels of parentheses, not and value filters at position 32',
    });
    expect(limitOf(() => parseFilter(nested(5_000)))).toMatchObject({ limit: 'maxDepth', position: 32 });
    expect(limitOf(() => parseFilter(`${'not ('.repeat(5_000)}x pr`))).toMatchObject({ limit: 'maxDepth', position: 32 * 5 + 4 });
    const mixed = `${'not ('.repeat(16)}${'('.repeat(15)}emails[type eq "work"]${')'.repeat(31)}`;
    expect(parseFilter(mixed)).toMatchObject({ type: 'not' });
    expect(limitOf(() => parseFilter(`(${mixed})`))).toMatchObject({ limit: 'maxDepth' });
    expect(limitOf(() => parsePatchPath(`emails[${'('.repeat(32)}type eq "work"${')'.repeat(32)}]`))).toMatchObject({ limit: 'maxDepth' });
  });

  it(`refuses more than ${FILTER_LIMITS.maxComparisons} comparisons, in filters and PATCH paths`, () => {
    expect(parseFilter(terms(200))).toMatchObject({ type: 'or' });
    const second201 = terms(200).length + ' or '.length;
    expect(limitOf(() => parseFilter(terms(201)))).toEqual({
      limit: 'maxComparisons',
      position: second201,
      message: `Filters may hold at most 200 comparisons at position ${second201}`,
    });
    expect(limitOf(() => parseFilter(terms(5_000)))).toMatchObject({ limit: 'maxComparisons', position: second201 });
    expect(
      limitOf(() => parseFilter(Array.from({ length: 101 }, () => 'emails[type eq "work"].value eq "x"').join(' and '))),
    ).toMatchObject({ limit: 'maxComparisons' });
    const members = (count: number) => `members[${Array.from({ length: count }, (_, i) => `value eq "${i}"`).join(' or ')}]`;
    expect(parsePatchPath(members(200)).filter).toMatchObject({ type: 'or' });
    expect(limitOf(() => parsePatchPath(members(5_000)))).toMatchObject({ limit: 'maxComparisons' });
  });

  it('stops reading a long filter at the limit: what follows is never read', () => {
    // ~1 MB of terms with a syntax error at its very end: the limit is reported, not the error.
    const text = `${terms(50_000)} #`;
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(limitOf(() => parseFilter(text))).toMatchObject({ limit: 'maxComparisons' });
    expect(limitOf(() => parseFilter(`${'('.repeat(1_000_000)}`))).toMatchObject({ limit: 'maxDepth' });
  });
});
