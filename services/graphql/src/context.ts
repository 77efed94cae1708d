import { GraphQLError } from 'graphql';
import type { Iam, Permission, Principal, Roster, SessionPrincipal, SyncMode, SyncRun } from '@roster/core';
import type { PrismaClient, SqlReader } from '@roster/db';
import { SESSION_COOKIE } from '@roster/sso';
import type { EventHub } from './event-hub.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { PrincipalCache } from './principal-cache.ts';

/** What every resolver gets. */
export interface GraphqlContext {
  readonly roster: Roster;
  readonly prisma: PrismaClient;
  /** Read-only statements straight on the driver: lists of users and their relations. */
  readonly reader: SqlReader;
  readonly principal: Principal | SessionPrincipal;
  readonly publicUrl: string;
  readonly integrations?: GraphqlIntegrations | undefined;
  /** This process's reader of the event log, shared by every subscription. */
  readonly hub: EventHub;
  /** Remembers checked bearer tokens briefly; a revocation must tell it. */
  readonly principals: PrincipalCache;
  /** Per-request batching, so lists never query once per item. */
  readonly loaders: Loaders;
}

/** One step of a connection test, as an administrator reads it. */
export interface ConnectionStep {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
  readonly durationMs: number;
}

/** Protocol work GraphQL exposes but other packages do (LDAP, SAML, OIDC); wired by the server. */
export interface GraphqlIntegrations {
  /** Diagnoses an IAM's connection settings (LDAP bind and search, OIDC discovery and JWKS, SAML certificate). */
  readonly testConnection?: (iam: Iam) => Promise<readonly ConnectionStep[]>;
  /** Starts a directory sync; resolves with the run (RUNNING) as soon as it started. */
  readonly triggerLdapSync?: (iamId: string, mode: SyncMode) => Promise<SyncRun>;
}

/** The services the GraphQL handler is built on. */
export interface GraphqlServices {
  readonly roster: Roster;
  readonly prisma: PrismaClient;
  readonly reader: SqlReader;
  readonly publicUrl: string;
  readonly integrations?: GraphqlIntegrations;
}

/** Reads `Bearer <token>` from an Authorization header value (or a graphql-ws connection parameter). */
export function bearerToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

/**
 * The principal a bearer token belongs to. No token or a wrong one is a 401 with code
 * UNAUTHENTICATED (GraphQL over HTTP); permissions are then checked per field by scope-auth.
 */
export async function authenticatePrincipal(tokens: Pick<Roster, 'authenticate'>, authorization: unknown): Promise<Principal> {
  const token = bearerToken(authorization);
  const principal = token ? await tokens.authenticate(token) : null;
  if (!principal) {
    throw new GraphQLError(token ? 'The bearer token is not valid (unknown, revoked or expired).' : 'Authentication required: send "Authorization: Bearer <token>".', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
    });
  }
  return principal;
}

/** The header a browser must send with cookie-authenticated requests a form could forge. */
export const CSRF_HEADER = 'x-roster-csrf';

/**
 * Builds a request's context: who is asking (bearer token, or else the session cookie), and the
 * per-request loaders. A cookie-authenticated request that a cross-site form or link could send
 * (a GET, or a POST with a form content type) must carry the CSRF header; bearer tokens are never
 * sent by browsers on their own, so they need none.
 */
export async function authenticate(services: GraphqlServices & Pick<GraphqlContext, 'hub' | 'principals'>, authorization: unknown, request?: Request): Promise<GraphqlContext> {
  const cookie = !authorization && request ? readCookie(request.headers.get('cookie'), SESSION_COOKIE) : null;
  let principal: Principal | SessionPrincipal;
  if (cookie) {
    const session = await services.roster.authenticateSession(cookie);
    if (!session) throw new GraphQLError('The session has ended; log in again.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    if (forgeable(request!) && !request!.headers.get(CSRF_HEADER)) {
      throw new GraphQLError(`Cookie-authenticated requests must send the ${CSRF_HEADER} header.`, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
    }
    principal = session;
  } else {
    principal = await authenticatePrincipal(services.principals, authorization);
  }
  return { ...services, principal, loaders: createLoaders(services.roster, services.prisma, services.reader) };
}

function forgeable(request: Request): boolean {
  if (request.method === 'GET') return true;
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === '' || type === 'text/plain' || type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

/** True when the principal holds the permission. */
export function holds(context: GraphqlContext, permission: Permission): boolean {
  return context.principal.permissions.includes(permission);
}
