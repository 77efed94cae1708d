import { isRosterError } from '../../errors.ts';

/**
 * Runs a read-modify-write; a concurrent writer (VERSION_MISMATCH) makes it start over from a
 * fresh read, so no update is lost. Not when the client named the version it expects (SCIM
 * If-Match, `clientVersion`): then the conflict is the client's answer. Every round lets at least
 * one writer through; the jittered pause keeps the losers from colliding again.
 */
export async function retryOnVersionConflict<T>(work: () => Promise<T>, clientVersion: number | undefined, attempts = 30): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (clientVersion !== undefined || attempt >= attempts || !isRosterError(error, 'VERSION_MISMATCH')) throw error;
      // Jitter, not an id or a secret: Math.random is enough, and exists on every runtime.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * attempt)));
    }
  }
}
