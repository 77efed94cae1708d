import { isScimTokenHash, servesScim, type Iam, type Roster } from '@roster/core';
import { ScimError } from './scim-error.ts';

/**
 * Checks a request's SCIM bearer token against the IAM's stored hash, in constant time: the IAM,
 * or 404 (no such IAM, SCIM off, IAM disabled) / 401 (missing or wrong token). Core's rules
 * (servesScim, isScimTokenHash), as in verifyScimToken, but one IAM read serves every request that arrived while the previous
 * read was running (each still reads a state no older than its own arrival), so an IdP pushing
 * many requests at once costs a fraction of a query each, and a refused one needs no second read.
 */
export function createScimAuthenticator(roster: Roster): (iamId: string, authorization: string) => Promise<Iam> {
  const readIam = coalesceReads((id: string) => roster.read((repos) => repos.iams.get(id)));
  // The hash of a token never changes; an IdP sends the same one with every request.
  const hashes = new Map<string, Promise<string>>();
  const hashOf = (token: string) => {
    let hash = hashes.get(token);
    if (!hash) {
      if (hashes.size >= 256) hashes.clear();
      hash = roster.deps.hasher.sha256(token);
      hashes.set(token, hash);
      hash.catch(() => hashes.delete(token));
    }
    return hash;
  };
  return async (iamId, authorization) => {
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
    const [iam, hash] = await Promise.all([readIam(iamId), token === '' ? null : hashOf(token)]);
    if (!servesScim(iam)) throw new ScimError(404, 'No SCIM endpoint here.');
    if (hash === null || !isScimTokenHash(iam, hash)) {
      throw new ScimError(401, 'A valid SCIM bearer token for this IAM is required.');
    }
    return iam;
  };
}

/**
 * Wraps a keyed read so that callers arriving while a read of their key runs share the next one.
 * Never hands a caller a result of a read that started before the caller asked.
 */
export function coalesceReads<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const waiting = new Map<string, { resolve(value: T): void; reject(error: unknown): void }[]>();
  const run = async (key: string, queue: { resolve(value: T): void; reject(error: unknown): void }[]) => {
    while (queue.length > 0) {
      const batch = queue.splice(0);
      try {
        const value = await read(key);
        for (const caller of batch) caller.resolve(value);
      } catch (error) {
        for (const caller of batch) caller.reject(error);
      }
    }
    waiting.delete(key);
  };
  return (key) =>
    new Promise<T>((resolve, reject) => {
      const queue = waiting.get(key);
      if (queue) {
        queue.push({ resolve, reject });
        return;
      }
      const fresh = [{ resolve, reject }];
      waiting.set(key, fresh);
      void run(key, fresh);
    });
}
