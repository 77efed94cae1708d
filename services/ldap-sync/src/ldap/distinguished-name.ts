/** One `type=value` of a relative distinguished name; the value with its escapes decoded. */
export interface AttributeTypeAndValue {
  readonly type: string;
  readonly value: string;
  /** The value was a `#` hex string (BER bytes): `value` holds the hex digits, lower-case. */
  readonly hex: boolean;
}

/** A DN as RFC 4514 reads it: its RDNs, most specific first, each one or more `type=value`. */
export type DistinguishedName = readonly (readonly AttributeTypeAndValue[])[];

/** A string that is not a distinguished name (RFC 4514 §3); `position` is where reading stopped. */
export class DnSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'DnSyntaxError';
  }
}

const SPECIAL = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
const HEX = /^[0-9a-fA-F]{2}$/;
const TYPE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*)$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a distinguished name (RFC 4514), also in the spellings directories send: spaces around
 * `,`, `+` and `=` (Active Directory writes `CN=x, OU=y`), `;` as a separator and quoted values
 * (RFC 1779, still accepted by RFC 4514 §3 parsers "for compatibility"). Escapes are decoded,
 * `\2C` and `\,` alike, and hex escapes of UTF-8 bytes become their characters.
 */
export function parseDn(text: string): DistinguishedName {
  return PLAIN.test(text) ? parsePlainDn(text) : parseEscapedDn(text);
}

/** No escapes, quotes, hex values or non-ASCII: what nearly every DN is, read without a byte buffer. */
const PLAIN = /^[\x20-\x21\x24-\x3a\x3d\x3f-\x5b\x5d-\x7e]*$/;

function parsePlainDn(text: string): DistinguishedName {
  if (text.trim() === '') return [];
  return text.split(/[,;]/).map((rdn) =>
    rdn.split('+').map((pair) => {
      const equals = pair.indexOf('=');
      const type = equals < 0 ? '' : pair.slice(0, equals).trim();
      if (!TYPE.test(type)) throw new DnSyntaxError(`"${pair.trim()}" is not "type=value".`, text.indexOf(pair));
      return { type, value: pair.slice(equals + 1).trim(), hex: false };
    }),
  );
}

function parseEscapedDn(text: string): DistinguishedName {
  const rdns: AttributeTypeAndValue[][] = [];
  let at = 0;
  const skipSpaces = () => {
    while (text[at] === ' ') at += 1;
  };
  skipSpaces();
  if (at === text.length) return [];
  for (;;) {
    const rdn: AttributeTypeAndValue[] = [];
    for (;;) {
      rdn.push(readTypeAndValue());
      skipSpaces();
      if (text[at] !== '+') break;
      at += 1;
    }
    rdns.push(rdn);
    if (at === text.length) return rdns;
    if (text[at] !== ',' && text[at] !== ';') throw new DnSyntaxError(`Expected "," at position ${at}.`, at);
    at += 1;
  }

  function readTypeAndValue(): AttributeTypeAndValue {
    skipSpaces();
    const equals = text.indexOf('=', at);
    if (equals < 0) throw new DnSyntaxError(`Expected "type=value" at position ${at}.`, at);
    const type = text.slice(at, equals).trim();
    if (!TYPE.test(type)) throw new DnSyntaxError(`"${type}" is not an attribute type (position ${at}).`, at);
    at = equals + 1;
    skipSpaces();
    if (text[at] === '#') return { type, value: readHex(), hex: true };
    if (text[at] === '"') return { type, value: readQuoted(), hex: false };
    return { type, value: readString(), hex: false };
  }

  function readHex(): string {
    const start = (at += 1);
    while (at < text.length && /[0-9a-fA-F]/.test(text[at]!)) at += 1;
    const digits = text.slice(start, at);
    if (digits.length === 0 || digits.length % 2 !== 0)
      throw new DnSyntaxError(`A "#" value needs pairs of hex digits (position ${start}).`, start);
    return digits.toLowerCase();
  }

  function readQuoted(): string {
    const bytes: number[] = [];
    at += 1;
    while (text[at] !== '"') {
      if (at >= text.length) throw new DnSyntaxError('Unterminated quoted value.', at);
      readCharacter(bytes);
    }
    at += 1;
    return decode(bytes);
  }

  function readString(): string {
    const bytes: number[] = [];
    let end = 0; // bytes up to the last character that is not an unescaped trailing space
    while (at < text.length && !',;+'.includes(text[at]!)) {
      const escaped = text[at] === '\\';
      if (!escaped && (text[at] === '"' || text[at] === '<' || text[at] === '>')) {
        throw new DnSyntaxError(`"${text[at]}" must be escaped in a value (position ${at}).`, at);
      }
      readCharacter(bytes);
      if (escaped || bytes.at(-1) !== 0x20) end = bytes.length;
    }
    return decode(bytes.slice(0, end));
  }

  function readCharacter(bytes: number[]): void {
    if (text[at] !== '\\') {
      const code = text.charCodeAt(at);
      if (code < 0x80) {
        bytes.push(code);
        at += 1;
        return;
      }
      const char = String.fromCodePoint(text.codePointAt(at)!);
      for (const byte of encoder.encode(char)) bytes.push(byte);
      at += char.length;
      return;
    }
    const pair = text.slice(at + 1, at + 3);
    if (HEX.test(pair)) {
      bytes.push(Number.parseInt(pair, 16));
      at += 3;
    } else if (SPECIAL.has(text[at + 1] ?? '')) {
      bytes.push(text.charCodeAt(at + 1));
      at += 2;
    } else {
      throw new DnSyntaxError(`Invalid escape at position ${at}.`, at);
    }
  }

  function decode(bytes: number[]): string {
    try {
      return decoder.decode(new Uint8Array(bytes));
    } catch {
      throw new DnSyntaxError(`A value's escaped bytes are not UTF-8 (before position ${at}).`, at);
    }
  }
}

/**
 * A DN in one canonical spelling, for comparing DNs a directory wrote in different places (an
 * entry's own DN, `member`, `memberOf`): types and values lower-case (directory DN matching is
 * case-insensitive for the naming attributes directories use), separators without spaces, the
 * `type=value` pairs of a multi-valued RDN sorted, and values escaped as RFC 4514 §2.4 says.
 * A string that does not parse is compared as it is, trimmed and lower-cased: it can only equal
 * itself.
 */
export function normalizeDn(text: string): string {
  let dn: DistinguishedName;
  try {
    // Nearly every DN is already canonical but for case (one test, one string); plain ones need
    // no escaping on the way out: lower-case, trim, sort. A sync normalizes every member DN.
    if (CANONICAL_BUT_CASE.test(text)) return text.toLowerCase();
    if (PLAIN.test(text)) return canonicalPlain(text);
    dn = parseEscapedDn(text);
  } catch (error) {
    if (error instanceof DnSyntaxError) return text.trim().toLowerCase();
    throw error;
  }
  return dn
    .map((rdn) =>
      rdn
        .map(({ type, value, hex }) => `${type.toLowerCase()}=${hex ? `#${value}` : escapeValue(value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

const TYPE_SOURCE = '(?:[A-Za-z][A-Za-z0-9-]*|\\d+(?:\\.\\d+)*)';
const VALUE_SOURCE = '(?:[^\\s,+;\\\\"#<>](?:[^,+;\\\\"#<>]*[^\\s,+;\\\\"#<>])?)?';
/** `type=value` pairs joined by bare commas, values with no escapes and no edge spaces. */
const CANONICAL_BUT_CASE = new RegExp(`^${TYPE_SOURCE}=${VALUE_SOURCE}(?:,${TYPE_SOURCE}=${VALUE_SOURCE})*$`);

function canonicalPlain(text: string): string {
  if (text.trim() === '') return '';
  let out = '';
  for (const rdn of text.split(',')) {
    const pairs = rdn.split('+');
    for (let i = 0; i < pairs.length; i += 1) {
      const pair = pairs[i]!;
      const equals = pair.indexOf('=');
      const type = equals < 0 ? '' : pair.slice(0, equals).trim();
      if (!TYPE.test(type)) throw new DnSyntaxError(`"${pair.trim()}" is not "type=value".`, text.indexOf(pair));
      pairs[i] = `${type}=${pair.slice(equals + 1).trim()}`.toLowerCase();
    }
    out += (out === '' ? '' : ',') + (pairs.length === 1 ? pairs[0]! : pairs.sort().join('+'));
  }
  return out;
}

/** RFC 4514 §2.4: escapes what a value may not hold as it is. */
export function escapeValue(value: string): string {
  let escaped = value.replace(/[\\"+,;<>]/g, (char) => `\\${char}`).replace(/\0/g, '\\00');
  if (escaped.startsWith(' ') || escaped.startsWith('#')) escaped = `\\${escaped}`;
  if (escaped.endsWith(' ') && !escaped.endsWith('\\ ')) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}
