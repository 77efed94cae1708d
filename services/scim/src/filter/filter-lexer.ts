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
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;

/**
 * Splits filter text into tokens (RFC 7644 §3.4.2.2, ABNF of RFC 5234). Words are attribute
 * names, operators and keywords; a word that begins with `urn:` runs to the end of the
 * URN-qualified attribute (`urn:...:2.0:User:name.givenName`), dots included.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i += 1;
    } else if (c === '(' || c === ')' || c === '[' || c === ']' || c === '.') {
      tokens.push({ kind: c, position: i });
      i += 1;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      try {
        tokens.push({ kind: 'string', value: JSON.parse(text.slice(i, end)) as string, position: i });
      } catch {
        throw new FilterSyntaxError('Invalid escape in string', i);
      }
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const match = NUMBER.exec(text.slice(i));
      if (!match) throw new FilterSyntaxError(`Unexpected "${c}"`, i);
      tokens.push({ kind: 'number', value: Number(match[0]), position: i });
      i += match[0].length;
    } else if (WORD_START.test(c)) {
      const start = i;
      const urn = text.slice(i, i + 4).toLowerCase() === 'urn:';
      while (i < text.length && (urn ? URN_CHAR : WORD).test(text[i]!)) i += 1;
      tokens.push({ kind: 'word', text: text.slice(start, i), position: start });
    } else {
      throw new FilterSyntaxError(`Unexpected "${c}"`, i);
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
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
