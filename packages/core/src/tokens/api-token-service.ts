import { z } from 'zod';
import type { RosterDeps } from '../context.ts';
import { constantTimeEqual } from '../crypto/web-crypto.ts';
import { RosterError } from '../errors.ts';
import type { ApiToken } from '../model.ts';
import { parseInput } from '../rules/parse-input.ts';
import { normalizePermissions, permissionSchema, type Permission } from '../rules/permissions.ts';

const TOKEN_BYTES = 32;
const LAST_USED_RESOLUTION_MS = 60_000;

const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  permissions: z.array(permissionSchema).min(1, 'a token needs at least one permission'),
  expiresAt: z.date().nullish(),
});

/** Who a bearer token belongs to. */
export type Principal =
  | { readonly kind: 'ADMIN_TOKEN'; readonly permissions: readonly Permission[] }
  | { readonly kind: 'API_TOKEN'; readonly tokenId: string; readonly name: string; readonly permissions: readonly Permission[] };

/** Options of the token service. */
export interface ApiTokenServiceOptions {
  /** The operator's ADMIN_TOKEN: an APPLICATION_ADMIN bearer token that is never stored. */
  readonly adminToken?: string | undefined;
}

/** API tokens: created with their plaintext shown once, stored hashed, revocable. */
export function createApiTokenService(deps: RosterDeps, options: ApiTokenServiceOptions = {}) {
  const adminTokenHash = options.adminToken ? deps.hasher.sha256(options.adminToken) : null;
  const draft = async (name: string, permissions: Permission[], expiresAt: Date | null) => {
    const token = `rtok_${deps.random.token(TOKEN_BYTES)}`;
    const apiToken: ApiToken = {
      id: deps.random.uuid(),
      name,
      tokenHash: await deps.hasher.sha256(token),
      permissions: normalizePermissions(permissions),
      createdAt: deps.clock.now(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    return { token, apiToken };
  };
  const issue = async (name: string, permissions: Permission[], expiresAt: Date | null) => {
    const issued = await draft(name, permissions, expiresAt);
    await deps.store.transact((tx) => tx.apiTokens.insert(issued.apiToken));
    return issued;
  };

  return {
    /** Creates a token; the plaintext is returned this once, only its hash is kept. */
    async createApiToken(input: { name: string; permissions: readonly string[]; expiresAt?: Date | null }) {
      const parsed = parseInput(createTokenSchema, input, 'API token');
      if (parsed.expiresAt && parsed.expiresAt <= deps.clock.now()) {
        throw new RosterError('VALIDATION_FAILED', 'expiresAt must be in the future.', { details: { field: 'expiresAt' } });
      }
      return issue(parsed.name, parsed.permissions, parsed.expiresAt ?? null);
    },

    /** Revokes a token; it stops working at once. */
    async revokeApiToken(id: string): Promise<ApiToken> {
      return deps.store.transact(async (tx) => {
        const token = await tx.apiTokens.get(id);
        if (!token) throw new RosterError('API_TOKEN_NOT_FOUND', `No API token with id "${id}".`, { details: { id } });
        if (token.revokedAt) return token;
        const revoked = { ...token, revokedAt: deps.clock.now() };
        await tx.apiTokens.update(revoked);
        return revoked;
      });
    },

    listApiTokens: (): Promise<ApiToken[]> => deps.store.read((repos) => repos.apiTokens.list()),

    /** The principal a bearer token authenticates, or null for an unknown, revoked or expired one. */
    async authenticate(bearer: string): Promise<Principal | null> {
      const hash = await deps.hasher.sha256(bearer);
      if (adminTokenHash && constantTimeEqual(hash, await adminTokenHash))
        return { kind: 'ADMIN_TOKEN', permissions: ['APPLICATION_ADMIN'] };
      const token = await deps.store.read((repos) => repos.apiTokens.findByHash(hash));
      const now = deps.clock.now();
      if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
      if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        await deps.store.transact((tx) => tx.apiTokens.update({ ...token, lastUsedAt: now }));
      }
      return { kind: 'API_TOKEN', tokenId: token.id, name: token.name, permissions: token.permissions };
    },

    /**
     * First start without ADMIN_TOKEN: when no usable APPLICATION_ADMIN token exists, creates one
     * and returns its plaintext (to print once). Otherwise returns null. Exactly one of several
     * processes starting at once on an empty database gets a token: the check and the insert run
     * in one transaction holding the bootstrap lock.
     */
    async ensureBootstrapAdminToken(): Promise<string | null> {
      if (options.adminToken) return null;
      const issued = await draft('bootstrap admin', ['APPLICATION_ADMIN'], null);
      return deps.store.transact(async (tx) => {
        await tx.apiTokens.lockBootstrap();
        const now = deps.clock.now();
        const tokens = await tx.apiTokens.list();
        const usable = tokens.some(
          (t) => t.permissions.includes('APPLICATION_ADMIN') && !t.revokedAt && (!t.expiresAt || t.expiresAt > now),
        );
        if (usable) return null;
        await tx.apiTokens.insert(issued.apiToken);
        return issued.token;
      });
    },
  };
}

/** The API token use cases; see {@link createApiTokenService}. */
export type ApiTokenService = ReturnType<typeof createApiTokenService>;
