import type { RosterDeps } from '../context.ts';
import { RosterError } from '../errors.ts';
import type { Session, User } from '../model.ts';
import { effectivePermissions, type Permission } from '../rules/permissions.ts';

const TOKEN_BYTES = 32;
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** How long sessions live. */
export interface SessionPolicy {
  /** Ends after this long without a request. Default 8 hours. */
  readonly idleTimeoutSeconds: number;
  /** Ends this long after login, used or not. Default 24 hours. */
  readonly absoluteTimeoutSeconds: number;
}

/** A logged-in user, as a session authenticates it. */
export interface SessionPrincipal {
  readonly kind: 'SESSION';
  readonly sessionId: string;
  readonly userId: string;
  readonly iamId: string;
  readonly userName: string;
  readonly permissions: readonly Permission[];
}

const DEFAULT_POLICY: SessionPolicy = { idleTimeoutSeconds: 8 * 3600, absoluteTimeoutSeconds: 24 * 3600 };

/** Login sessions: opaque tokens, stored hashed, with idle and absolute expiry. */
export function createSessionService(deps: RosterDeps, policy: SessionPolicy = DEFAULT_POLICY) {
  return {
    /**
     * Opens a session for an active user; the token is returned this once. A SAML login passes the
     * NameID and SessionIndex the IdP used, so that single logout can find the session later.
     */
    async startSession(
      user: User,
      sso: { readonly nameId: string; readonly sessionIndex: string | null } | null = null,
    ): Promise<{ token: string; session: Session }> {
      if (!user.active) throw new RosterError('FORBIDDEN', `User "${user.userName}" is deactivated.`, { details: { userId: user.id } });
      const token = `rses_${deps.random.token(TOKEN_BYTES)}`;
      const now = deps.clock.now();
      const session: Session = {
        id: deps.random.uuid(),
        tokenHash: await deps.hasher.sha256(token),
        userId: user.id,
        iamId: user.iamId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + policy.absoluteTimeoutSeconds * 1000),
        idleTimeoutSeconds: policy.idleTimeoutSeconds,
        endedAt: null,
        ssoNameId: sso?.nameId ?? null,
        ssoSessionIndex: sso?.sessionIndex ?? null,
      };
      await deps.store.transact((tx) => tx.sessions.insert(session));
      return { token, session };
    },

    /**
     * The user a session token belongs to, with their current effective permissions; null for an
     * unknown, ended, expired or idle session, or a user deactivated since login.
     */
    async authenticateSession(token: string): Promise<SessionPrincipal | null> {
      const hash = await deps.hasher.sha256(token);
      const session = await deps.store.read((repos) => repos.sessions.findByHash(hash));
      const now = deps.clock.now();
      if (!session || session.endedAt || session.expiresAt <= now) return null;
      if (now.getTime() - session.lastSeenAt.getTime() > session.idleTimeoutSeconds * 1000) return null;
      const user = await deps.store.read((repos) => repos.users.get(session.userId));
      if (!user?.active) return null;
      if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await deps.store.transact((tx) => tx.sessions.update({ ...session, lastSeenAt: now }));
      }
      return {
        kind: 'SESSION',
        sessionId: session.id,
        userId: user.id,
        iamId: user.iamId,
        userName: user.userName,
        permissions: effectivePermissions(user),
      };
    },

    /** Ends the session of this token (logout); an unknown token is ignored. */
    async endSession(token: string): Promise<Session | null> {
      const hash = await deps.hasher.sha256(token);
      return deps.store.transact(async (tx) => {
        const session = await tx.sessions.findByHash(hash);
        if (!session || session.endedAt) return session;
        const ended = { ...session, endedAt: deps.clock.now() };
        await tx.sessions.update(ended);
        return ended;
      });
    },

    /** The session of a token, ended or not (single logout needs its SAML NameID). */
    async findSession(token: string): Promise<Session | null> {
      const hash = await deps.hasher.sha256(token);
      return deps.store.read((repos) => repos.sessions.findByHash(hash));
    },

    /** Ends the sessions an IdP's LogoutRequest names (NameID, and SessionIndex when given). */
    endSsoSessions: (iamId: string, nameId: string, sessionIndexes: readonly string[]): Promise<number> =>
      deps.store.transact((tx) => tx.sessions.endSsoSessions(iamId, nameId, sessionIndexes, deps.clock.now())),

    /** Ends every session of a user (deactivation, an admin ending them all). */
    endUserSessions: (userId: string): Promise<number> => deps.store.transact((tx) => tx.sessions.endAllOf(userId, deps.clock.now())),
  };
}
