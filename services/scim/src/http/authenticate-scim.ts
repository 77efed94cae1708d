import { servesScim, type Iam, type Roster } from '@roster/core';
import { ScimError } from './scim-error.ts';

/**
 * Checks a request's SCIM bearer token against the IAM's stored hash, in constant time: the IAM,
 * or 404 (no such IAM, SCIM off, IAM disabled) / 401 (missing or wrong token). Core's rules
 * (servesScim, matchesScimToken, which caches token hashes), as in verifyScimToken, but one IAM read serves every request that arrived while the previous
 * read was running (each still reads a state no older than its own arrival), so an IdP pushing
 * many requests at once costs a fraction of a query each, and a refused one needs no second read.
 */
export function createScimAuthenticator(roster: Roster): (iamId: string, authorization: string) => Promise<Iam> {
  const readIam = coalesceReads((id: string) => roster.read((repos) => repos.iams.get(id)));
  return async (iamId, authorization) => {
    const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? '';
    const iam = await readIam(iamId);
    if (!servesScim(iam)) throw new ScimError(404, 'No SCIM endpoint here.');
    if (!(await roster.matchesScimToken(iam, token))) {
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
