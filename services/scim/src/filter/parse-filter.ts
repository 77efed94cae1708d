import { FilterSyntaxError, type AttrPath, type CompareOp, type Filter, type FilterValue, type PatchPath } from './filter-ast.ts';
import { FilterLexer, type Token } from './filter-lexer.ts';
import { FILTER_LIMITS, FilterLimitError } from './filter-limits.ts';

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2): `or` binds looser than `and`, `not (...)`,
 * parentheses, value paths `emails[type eq "work" and primary eq true]`, URN-qualified and dotted
 * attribute paths, plus Entra ID's `emails[type eq "work"].value eq "a@b.c"`, which means the same
 * email must satisfy both. Operators and keywords are case-insensitive. Beyond
 * {@link FILTER_LIMITS} it throws a {@link FilterLimitError} as soon as the limit is reached.
 */
export function parseFilter(text: string): Filter {
  const parser = new Parser(new FilterLexer(text));
  const filter = parser.orExpr();
  parser.expectEnd();
  return filter;
}

/** Parses a PATCH operation path (RFC 7644 §3.5.2): `attrPath` or `valuePath [ "." subAttr ]`. */
export function parsePatchPath(text: string): PatchPath {
  const parser = new Parser(new FilterLexer(text));
  const path = parser.attrPath();
  let filter: Filter | null = null;
  let sub: string | null = null;
  if (parser.peek().kind === '[') {
    filter = parser.nested(() => parser.orExpr());
    parser.expect(']');
    if (parser.take('.')) sub = parser.word('a sub-attribute name').text;
  }
  parser.expectEnd();
  return { path, filter, sub };
}

class Parser {
  private depth = 0;
  private comparisons = 0;
  constructor(private readonly lexer: FilterLexer) {}

  orExpr(): Filter {
    let left = this.andExpr();
    while (this.keyword('or')) left = { type: 'or', left, right: this.andExpr() };
    return left;
  }

  private andExpr(): Filter {
    let left = this.unary();
    while (this.keyword('and')) left = { type: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): Filter {
    if (this.keyword('not')) {
      if (this.peek().kind !== '(') throw new FilterSyntaxError('Expected "("', this.peek().position);
      const filter = this.nested(() => this.orExpr());
      this.expect(')');
      return { type: 'not', filter };
    }
    if (this.peek().kind === '(') {
      const filter = this.nested(() => this.orExpr());
      this.expect(')');
      return filter;
    }
    const path = this.attrPath();
    if (this.peek().kind === '[') {
      if (path.sub !== null) throw new FilterSyntaxError('A value filter cannot follow a sub-attribute', this.peek().position);
      const inner = this.nested(() => this.orExpr());
      this.expect(']');
      if (!this.take('.')) return { type: 'valuePath', path, filter: inner };
      // Entra ID: `emails[type eq "work"].value eq "x"` = some email with type work and value x.
      const subToken = this.word('a sub-attribute name');
      const subPath: AttrPath = { uri: null, name: subToken.text, sub: null, position: subToken.position };
      return { type: 'valuePath', path, filter: { type: 'and', left: inner, right: this.attrExpr(subPath) } };
    }
    return this.attrExpr(path);
  }

  /** Consumes an opening `(` or `[` and parses what it opens, one level deeper. */
  nested(parse: () => Filter): Filter {
    const open = this.next();
    this.depth += 1;
    if (this.depth > FILTER_LIMITS.maxDepth) {
      throw new FilterLimitError(
        'maxDepth',
        `Filters may nest at most ${FILTER_LIMITS.maxDepth} levels of parentheses, not and value filters`,
        open.position,
      );
    }
    const filter = parse();
    this.depth -= 1;
    return filter;
  }

  private attrExpr(path: AttrPath): Filter {
    this.comparisons += 1;
    if (this.comparisons > FILTER_LIMITS.maxComparisons) {
      throw new FilterLimitError('maxComparisons', `Filters may hold at most ${FILTER_LIMITS.maxComparisons} comparisons`, path.position);
    }
    const op = this.word('an operator ("eq", "pr", ...)');
    const name = op.text.toLowerCase();
    if (name === 'pr') return { type: 'present', path };
    if (!COMPARE_OPS.has(name)) throw new FilterSyntaxError(`Unknown operator "${op.text}"`, op.position);
    return { type: 'compare', path, op: name as CompareOp, value: this.value() };
  }

  private value(): FilterValue {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    throw new FilterSyntaxError('Expected a value (a "string", number, true, false or null)', token.position);
  }

  attrPath(): AttrPath {
    const token = this.word('an attribute name');
    if (token.text.toLowerCase().startsWith('urn:')) return splitUrn(token.text, token.position);
    if (!/^[A-Za-z$][A-Za-z0-9_$-]*$/.test(token.text))
      throw new FilterSyntaxError(`Invalid attribute name "${token.text}"`, token.position);
    if (this.peek().kind === '.' && this.lexer.peek(1).kind === 'word') {
      this.lexer.next();
      return { uri: null, name: token.text, sub: this.word('a sub-attribute name').text, position: token.position };
    }
    return { uri: null, name: token.text, sub: null, position: token.position };
  }

  word(what: string): Extract<Token, { kind: 'word' }> {
    const token = this.next();
    if (token.kind !== 'word') throw new FilterSyntaxError(`Expected ${what}`, token.position);
    return token;
  }

  take(kind: Token['kind']): boolean {
    if (this.peek().kind !== kind) return false;
    this.lexer.next();
    return true;
  }

  expect(kind: Token['kind']): void {
    if (!this.take(kind)) throw new FilterSyntaxError(`Expected "${kind}"`, this.peek().position);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new FilterSyntaxError('Unexpected input', token.position);
  }

  private keyword(name: string): boolean {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toLowerCase() !== name) return false;
    this.lexer.next();
    return true;
  }

  peek(): Token {
    return this.lexer.peek();
  }

  private next(): Token {
    return this.lexer.next();
  }
}

/** `urn:...:2.0:User:name.givenName` -> uri `urn:...:2.0:User`, name `name`, sub `givenName`. */
function splitUrn(text: string, position: number): AttrPath {
  const colon = text.lastIndexOf(':');
  const attribute = text.slice(colon + 1);
  if (attribute === '') throw new FilterSyntaxError('Expected an attribute name after the schema URN', position + text.length);
  const dot = attribute.indexOf('.');
  return {
    uri: text.slice(0, colon),
    name: dot < 0 ? attribute : attribute.slice(0, dot),
    sub: dot < 0 ? null : attribute.slice(dot + 1),
    position,
  };
}
