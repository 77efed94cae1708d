import { describe, expect, it } from 'vitest';
import { DnSyntaxError, escapeValue, normalizeDn, parseDn } from './distinguished-name.ts';

describe('distinguished names (RFC 4514)', () => {
  it('reads RDNs, multi-valued RDNs, escapes, hex escapes of UTF-8 and # hex values', () => {
    expect(parseDn('CN=Smith\\, John+uid=js,OU=People,DC=corp')).toEqual([
      [
        { type: 'CN', value: 'Smith, John', hex: false },
        { type: 'uid', value: 'js', hex: false },
      ],
      [{ type: 'OU', value: 'People', hex: false }],
      [{ type: 'DC', value: 'corp', hex: false }],
    ]);
    expect(parseDn('cn=Ren\\C3\\A9e \\2B Co,o=\\#1')[0]![0]!.value).toBe('Renée + Co');
    expect(parseDn('cn=x,o=\\#1')[1]![0]!.value).toBe('#1');
    expect(parseDn('1.3.6.1.4.1.1466.0=#04024869,dc=example')[0]).toEqual([{ type: '1.3.6.1.4.1.1466.0', value: '04024869', hex: true }]);
    expect(parseDn('')).toEqual([]);
  });

  it('accepts what directories write: spaces around separators, ";" between RDNs, quoted values', () => {
    expect(parseDn('CN=Ada Lovelace, OU=Staff ; DC=corp')).toEqual(parseDn('CN=Ada Lovelace,OU=Staff,DC=corp'));
    expect(parseDn('cn = "Smith, John" , o=x')[0]![0]!.value).toBe('Smith, John');
    // An escaped trailing space is part of the value; an unescaped one before a separator is not.
    expect(parseDn('cn=a\\ ,o=x')[0]![0]!.value).toBe('a ');
    expect(parseDn('cn=a  ,o=x')[0]![0]!.value).toBe('a');
  });

  it('refuses what is not a DN, saying where', () => {
    for (const bad of ['cn', 'cn=a,', '=a', 'c n=a', 'cn=a\\zz', 'cn=a"b', 'cn=#abc', 'cn="open', 'cn=\\FF\\FE']) {
      expect(() => parseDn(bad), bad).toThrow(DnSyntaxError);
    }
  });

  it('gives every spelling of one DN the same canonical form, and different DNs different ones', () => {
    const spellings = [
      'CN=Smith\\, John,OU=People,DC=Corp',
      'cn=smith\\2c john, ou=people, dc=corp',
      'cn="Smith, John";ou=People;dc=corp',
      ' CN = Smith\\2C John , OU = People , DC = corp ',
    ];
    expect(new Set(spellings.map(normalizeDn))).toEqual(new Set(['cn=smith\\, john,ou=people,dc=corp']));
    expect(normalizeDn('uid=js+cn=John,o=x')).toBe(normalizeDn('cn=john+UID=js,o=x'));
    expect(normalizeDn('cn=a\\,b,o=x')).not.toBe(normalizeDn('cn=a,cn=b,o=x'));
    // A string that is no DN compares as itself only.
    expect(normalizeDn(' Not A DN ')).toBe('not a dn');
  });

  it('escapes values as RFC 4514 §2.4 says, so a canonical DN parses back to the same values', () => {
    expect(escapeValue(' #a,b+c"d\\e<f>g;h ')).toBe('\\ #a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\ ');
    expect(escapeValue('#x')).toBe('\\#x');
    const value = ' lead, "quoted" + trail ';
    expect(parseDn(`cn=${escapeValue(value)}`)[0]![0]!.value).toBe(value);
  });
});
