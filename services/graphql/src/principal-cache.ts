import { LRUCache } from 'lru-cache';
import type { Principal, Roster } from '@roster/core';

/** How long this process trusts a bearer token it has checked (see README, Decisions). */
export const PRINCIPAL_TTL_MS = 5_000;

interface Entry {
  readonly principal: Principal;
  /** The token's own expiry, which the cache never outlives. */
  readonly expiresAt: number;
}

/**
 * Bearer-token authentication, remembered briefly so a busy client does not cost a token lookup
 * per request. A revocation made through this process ({@link PrincipalCache.forget}) takes
 * effect at once; one made by another process within {@link PRINCIPAL_TTL_MS}. A token is never
 * accepted past its `expiresAt`. Unknown tokens are not remembered.
 */
export function createPrincipalCache(roster: Roster, options: { ttlMs?: number; max?: number; now?: () => number } = {}) {
  const ttl = options.ttlMs ?? PRINCIPAL_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, Entry>({ max: options.max ?? 10_000, ttl });
  // Bumped by every revocation: a lookup that started before it must not refill the cache with
  // what it read before the revocation committed.
  let generation = 0;

  const expiryOf = async (principal: Principal): Promise<number> => {
    if (principal.kind !== 'API_TOKEN') return Number.POSITIVE_INFINITY;
    const token = await roster.readModel.apiToken(principal.tokenId);
    return token?.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  };

  return {
    /** The principal of a bearer token, or null for an unknown, revoked or expired one. */
    async authenticate(token: string): Promise<Principal | null> {
      const hit = cache.get(token);
      if (hit && hit.expiresAt > now()) return hit.principal;
      const started = generation;
      const principal = await roster.authenticate(token);
      if (!principal) return null;
      const expiresAt = await expiryOf(principal);
      if (started === generation) cache.set(token, { principal, expiresAt }, { ttl: Math.max(1, Math.min(ttl, expiresAt - now())) });
      return principal;
    },
    /** Forgets every remembered token: call it once a revocation has committed. */
    forget(): void {
      generation += 1;
      cache.clear();
    },
  };
}

/** See {@link createPrincipalCache}. */
export type PrincipalCache = ReturnType<typeof createPrincipalCache>;
