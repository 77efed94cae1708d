import { describe, expect, it } from 'vitest';
import { constantTimeEqual, createAesGcmSecretBox, webHasher, webRandomness } from './web-crypto.ts';

describe('web crypto ports', () => {
  it('seals secrets so that only the same key opens them, and tampering is detected', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const box = await createAesGcmSecretBox(key);
    const sealed = await box.seal('bind-password');
    expect(sealed).not.toContain('bind-password');
    expect(await box.seal('bind-password')).not.toBe(sealed);
    expect(await box.open(sealed)).toBe('bind-password');
    const other = await createAesGcmSecretBox(crypto.getRandomValues(new Uint8Array(32)));
    await expect(other.open(sealed)).rejects.toThrow(/wrong secret key/);
    // Change one character well inside the ciphertext: the last characters of base64 may only
    // carry padding bits, and a change there would decode to the same bytes.
    const at = sealed.lastIndexOf('.') + 4;
    const tampered = `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
    await expect(box.open(tampered)).rejects.toThrow();
  });

  it('hashes with SHA-256 hex', async () => {
    expect(await webHasher.sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes URL-safe tokens of the requested entropy', () => {
    const token = webRandomness.token(32);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(webRandomness.token(32)).not.toBe(token);
  });

  it('compares strings without short-circuiting', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
