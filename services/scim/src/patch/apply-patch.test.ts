import { describe, expect, it } from 'vitest';
import { applyPatch } from './apply-patch.ts';
import { readPatchRequest } from './patch-operations.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const patch = (doc: Record<string, unknown>, ...operations: Record<string, unknown>[]) =>
  applyPatch(doc, readPatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: operations }), CORE);

describe('applyPatch (RFC 7644 §3.5.2)', () => {
  const user = {
    userName: 'u',
    name: { givenName: 'A', familyName: 'B' },
    emails: [
      { value: 'w@x.io', type: 'work', primary: true },
      { value: 'h@x.io', type: 'home' },
    ],
  };

  it('leaves its input untouched', () => {
    const before = structuredClone(user);
    patch(user, { op: 'remove', path: 'emails' });
    expect(user).toEqual(before);
  });

  it('merges sub-attributes on replace of a complex attribute, and adds to multi-valued ones', () => {
    expect(patch(user, { op: 'replace', path: 'name', value: { givenName: 'C' } }).name).toEqual({ givenName: 'C', familyName: 'B' });
    expect(patch(user, { op: 'add', path: 'emails', value: [{ value: 'n@x.io' }] }).emails).toHaveLength(3);
    expect(patch(user, { op: 'add', path: 'EMAILS', value: [{ value: 'W@x.io', type: 'other' }] }).emails).toEqual([
      { value: 'h@x.io', type: 'home' },
      { value: 'W@x.io', type: 'other' },
    ]);
  });

  it('targets values through filters, with an optional sub-attribute', () => {
    expect(patch(user, { op: 'remove', path: 'emails[type eq "home"]' }).emails).toEqual([user.emails[0]]);
    expect(patch(user, { op: 'replace', path: 'emails[type eq "home"].value', value: 'h2@x.io' }).emails).toMatchObject([
      { value: 'w@x.io' },
      { value: 'h2@x.io' },
    ]);
    expect(() => patch(user, { op: 'add', path: 'emails[value co "nope"]', value: { type: 'x' } })).toThrow(/matches/);
  });

  it('reads URN-qualified paths and pathless values holding an extension object, dotted or URN keys', () => {
    expect(patch({}, { op: 'add', path: `${ENTERPRISE}:department`, value: 'R&D' })).toEqual({ [ENTERPRISE]: { department: 'R&D' } });
    expect(patch({}, { op: 'add', value: { [ENTERPRISE]: { department: 'X', manager: { value: 'm' } } } })).toEqual({
      [ENTERPRISE]: { department: 'X', manager: { value: 'm' } },
    });
    expect(patch(user, { op: 'replace', value: { 'name.givenName': 'Z', [`${CORE}:userName`]: 'v' } })).toMatchObject({
      userName: 'v',
      name: { givenName: 'Z', familyName: 'B' },
    });
    expect(patch({ [ENTERPRISE]: { manager: { value: 'm' } } }, { op: 'remove', path: `${ENTERPRISE}:manager` })).toEqual({
      [ENTERPRISE]: {},
    });
  });

  it('refuses malformed operations before applying any', () => {
    expect(() => readPatchRequest({ Operations: [] })).toThrow(/non-empty/);
    expect(() => readPatchRequest({ Operations: [{ op: 'remove' }] })).toThrow(/needs a path/);
    expect(() => readPatchRequest({ Operations: [{ op: 'add', value: 'x' }] })).toThrow(/must be an object/);
    expect(() => readPatchRequest({ schemas: ['urn:other'], Operations: [{ op: 'add', path: 'a', value: 1 }] })).toThrow(/PatchOp/);
    expect(() => patch(user, { op: 'replace', path: 'emails[type eq', value: 'x' })).toThrow(/Invalid path/);
  });
});
