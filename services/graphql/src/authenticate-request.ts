import { GraphQLError } from 'graphql';
import type { Principal, Roster, SessionPrincipal } from '@roster/core';
import { CSRF_HEADER, passesCsrfCheck, SESSION_COOKIE } from '@roster/sso';

/** What authentication needs: token checks (cached for HTTP) and sessions. */
export interface Authenticator {
  readonly tokens: Pick<Roster, 'authenticate'>;
  readonly sessions: Pick<Roster, 'authenticateSession'>;
  /** Roster's own origin (from PUBLIC_URL): same-origin browser requests need no CSRF header. */
  readonly publicOrigin: string;
  /** Other browser origins allowed to open graphql-ws connections with the session cookie (CORS_ORIGINS). */
  readonly corsOrigins: ReadonlySet<string>;
}

/** Reads `Bearer <token>` from an Authorization header value (or a graphql-ws connection parameter). */
export function bearerToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

/**
 * Who sent an HTTP request: the bearer token's principal, or else the session cookie's, which
 * must pass the CSRF check whatever the method and content type (see passesCsrfCheck). Bearer
 * tokens are never sent by a browser on its own, so they need no such check. Runs before the
 * body is read; failures are GraphQL errors with `extensions.code` and their HTTP status.
 */
export async function authenticateRequest(auth: Authenticator, request: Request): Promise<Principal | SessionPrincipal> {
  const authorization = request.headers.get('authorization');
  const cookie = authorization === null ? readCookie(request.headers.get('cookie'), SESSION_COOKIE) : null;
  if (cookie === null) return authenticateBearer(auth.tokens, authorization);
  const session = await auth.sessions.authenticateSession(cookie);
  if (!session) throw unauthenticated('The session has ended; log in again.');
  if (!passesCsrfCheck(request, auth.publicOrigin)) {
    throw new GraphQLError(`Cookie-authenticated requests from another origin must send the ${CSRF_HEADER} header.`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  return session;
}

/**
 * Who opened a graphql-ws connection: the bearer token in `connection_init`, or else the session
 * cookie of the upgrade request — only when that request's `Origin` is Roster's own or a
 * configured CORS origin, since browsers send cookies on cross-site WebSocket handshakes and
 * apply no CORS to them (cross-site WebSocket hijacking).
 */
export async function authenticateConnection(
  auth: Authenticator,
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  upgrade: { readonly headers: Readonly<Record<string, string | string[] | undefined>> },
): Promise<Principal | SessionPrincipal> {
  const authorization = connectionParams?.['authorization'] ?? connectionParams?.['Authorization'];
  const cookieHeader = upgrade.headers['cookie'];
  const cookie = authorization === undefined && typeof cookieHeader === 'string' ? readCookie(cookieHeader, SESSION_COOKIE) : null;
  if (cookie === null) return authenticateBearer(auth.tokens, authorization);
  const origin = upgrade.headers['origin'];
  if (typeof origin !== 'string' || (origin !== auth.publicOrigin && !auth.corsOrigins.has(origin))) {
    throw new GraphQLError('A WebSocket authenticated by the session cookie must come from an allowed origin.', {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  const session = await auth.sessions.authenticateSession(cookie);
  if (!session) throw unauthenticated('The session has ended; log in again.');
  return session;
}

/** The principal of a bearer token; no token or a wrong one is a 401 UNAUTHENTICATED. */
export async function authenticateBearer(tokens: Pick<Roster, 'authenticate'>, authorization: unknown): Promise<Principal> {
  const token = bearerToken(authorization);
  const principal = token ? await tokens.authenticate(token) : null;
  if (!principal)
    throw unauthenticated(
      token
        ? 'The bearer token is not valid (unknown, revoked or expired).'
        : 'Authentication required: send "Authorization: Bearer <token>".',
    );
  return principal;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null; // malformed percent-encoding: no session, not a crash
    }
  }
  return null;
}
