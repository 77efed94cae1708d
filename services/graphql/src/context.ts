import type {
  Iam,
  Permission,
  Principal,
  Roster,
  SessionPrincipal,
  SyncMode,
  SyncRun,
  WebhookDelivery,
  WebhookEndpoint,
} from '@roster/core';
import type { EventHub } from './event-hub.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { PrincipalCache } from './principal-cache.ts';

/** What every resolver gets. */
export interface GraphqlContext {
  /** The domain: every change, and (`roster.readModel`) every list and lookup the API shows. */
  readonly roster: Roster;
  readonly principal: Principal | SessionPrincipal;
  readonly publicUrl: string;
  readonly integrations?: GraphqlIntegrations | undefined;
  /** This process's reader of the event log, shared by every subscription. */
  readonly hub: EventHub;
  /** Remembers checked bearer tokens briefly; a revocation must tell it. */
  readonly principals: PrincipalCache;
  /** Per-request batching, so lists never query once per item. */
  readonly loaders: Loaders;
  /** Names the request in logs and in the `requestId` of masked errors. */
  readonly requestId: string;
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
  /** Posts a signed `webhook.ping` to the endpoint now; resolves with the try. */
  readonly pingWebhookEndpoint?: (endpoint: WebhookEndpoint) => Promise<WebhookDelivery>;
}

/** The services the GraphQL handler is built on. */
export interface GraphqlServices {
  readonly roster: Roster;
  readonly publicUrl: string;
  readonly integrations?: GraphqlIntegrations;
  /** Browser origins (`https://app.example.com`) allowed to call the API with credentials (CORS); none by default. */
  readonly corsOrigins?: readonly string[];
  /** Where unexpected errors are logged, with their stack and request id. */
  readonly logger?: GraphqlLogger;
}

/** The little of a logger (pino's shape) the API needs. */
export interface GraphqlLogger {
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/**
 * Builds a request's context around the principal that sent it (authenticated before the body
 * was read; see authenticate-request.ts), with per-request loaders.
 */
export function createContext(
  services: GraphqlServices & Pick<GraphqlContext, 'hub' | 'principals'>,
  principal: Principal | SessionPrincipal,
  requestId: string,
): GraphqlContext {
  return { ...services, principal, requestId, loaders: createLoaders(services.roster) };
}

/** True when the principal holds the permission. */
export function holds(context: GraphqlContext, permission: Permission): boolean {
  return context.principal.permissions.includes(permission);
}
