import { FilterSyntaxError } from './filter-ast.ts';

/** A token of the filter grammar. */
export type Token =
  | { readonly kind: 'word'; readonly text: string; readonly position: number }
  | { readonly kind: 'string'; readonly value: string; readonly position: number }
  | { readonly kind: 'number'; readonly value: number; readonly position: number }
  | { readonly kind: '(' | ')' | '[' | ']' | '.' | 'end'; readonly position: number };

const WORD_START = /[A-Za-z$]/;
const WORD = /[A-Za-z0-9_$-]/;
const URN_CHAR = /[A-Za-z0-9_$:.-]/;
// Sticky: matched in place at `lastIndex`, never on a copy of the rest of the text.
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Reads filter text into tokens (RFC 7644 §3.4.2.2, ABNF of RFC 5234) on demand, so a parser that
 * stops early (a limit reached, a syntax error) never reads the rest of a long input. Words are
 * attribute names, operators and keywords; a word that begins with `urn:` runs to the end of the
 * URN-qualified attribute (`urn:...:2.0:User:name.givenName`), dots included.
 */
export class FilterLexer {
  private index = 0;
  private readonly ahead: Token[] = [];

  constructor(private readonly text: string) {}

  /** The token `offset` places ahead, without consuming it. */
  peek(offset = 0): Token {
    while (this.ahead.length <= offset) this.ahead.push(this.read());
    return this.ahead[offset]!;
  }

  /** Consumes and returns the next token; `end` repeats at the end of the text. */
  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.ahead.shift();
    return token;
  }

  private read(): Token {
    const text = this.text;
    let i = this.index;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i += 1;
    if (i >= text.length) {
      this.index = i;
      return { kind: 'end', position: text.length };
    }
    const c = text[i]!;
    let token: Token;
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === '.') {
      token = { kind: c, position: i };
      i += 1;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      try {
        token = { kind: 'string', value: JSON.parse(text.slice(i, end)) as string, position: i };
      } catch {
        throw new FilterSyntaxError('Invalid escape in string', i);
      }
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match) throw new FilterSyntaxError(`Unexpected "${c}"`, i);
      token = { kind: 'number', value: Number(match[0]), position: i };
      i += match[0].length;
    } else if (WORD_START.test(c)) {
      const start = i;
      const urn = text.slice(i, i + 4).toLowerCase() === 'urn:';
      while (i < text.length && (urn ? URN_CHAR : WORD).test(text[i]!)) i += 1;
      token = { kind: 'word', text: text.slice(start, i), position: start };
    } else {
      throw new FilterSyntaxError(`Unexpected "${c}"`, i);
    }
    this.index = i;
    return token;
  }
}

function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i += 1;
  }
  throw new FilterSyntaxError('Unterminated string', start);
}
