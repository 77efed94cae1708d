import type { Hasher, Randomness, SecretBox } from '../ports.ts';
import { RosterError } from '../errors.ts';

/** Randomness from the Web Crypto API (Node, Deno, browsers). */
export const webRandomness: Randomness = {
  uuid: () => crypto.randomUUID(),
  token: (bytes) => toBase64Url(crypto.getRandomValues(new Uint8Array(bytes))),
};

/** SHA-256 from the Web Crypto API. */
export const webHasher: Hasher = {
  async sha256(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  },
};

const SEALED_PREFIX = 'v1.';

/**
 * AES-256-GCM sealing with a 32-byte key. The sealed form is `v1.<iv>.<ciphertext>` in base64url;
 * GCM's tag makes a wrong key or a tampered value fail to open instead of yielding garbage.
 */
export async function createAesGcmSecretBox(key: Uint8Array<ArrayBuffer>): Promise<SecretBox> {
  if (key.byteLength !== 32) throw new RosterError('VALIDATION_FAILED', 'The secret key must be 32 bytes.');
  const cryptoKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return {
    async seal(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, cryptoKey, new TextEncoder().encode(plaintext));
      return `${SEALED_PREFIX}${toBase64Url(iv)}.${toBase64Url(new Uint8Array(data))}`;
    },
    async open(sealed) {
      const [version, iv, data] = sealed.split('.');
      if (`${version}.` !== SEALED_PREFIX || !iv || !data) {
        throw new RosterError('VALIDATION_FAILED', 'Not a sealed secret of a known version.');
      }
      try {
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv) }, cryptoKey, fromBase64Url(data));
        return new TextDecoder().decode(plain);
      } catch (cause) {
        throw new RosterError('VALIDATION_FAILED', 'A stored secret could not be opened: wrong secret key?', { cause });
      }
    },
  };
}

/** Compares two strings in time independent of where they differ (token hashes). */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
