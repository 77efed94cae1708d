/**
 * Who or what made a change: stamped on every event the change appends, so a consumer can tell a
 * SCIM push from a directory sync, a login or an administrator (and skip its own echo).
 */
export type EventOrigin =
  /** A SCIM request; `scimTokenId` is the first 12 hex characters of the token's SHA-256 (changes on rotation, not secret). */
  | { readonly kind: 'SCIM'; readonly iamId: string; readonly scimTokenId: string }
  /** A directory sync run of the IAM. */
  | { readonly kind: 'SYNC'; readonly iamId: string; readonly syncRunId: string }
  /** A login through a SAML or OIDC IAM. */
  | { readonly kind: 'SSO'; readonly iamId: string }
  /** A GraphQL request carrying an API token. */
  | { readonly kind: 'API_TOKEN'; readonly apiTokenId: string }
  /** A GraphQL request of a signed-in user's session. */
  | { readonly kind: 'USER'; readonly userId: string; readonly iamId: string }
  /** Start-up, the command line, the scheduler: anything no request or run caused. */
  | { readonly kind: 'SYSTEM' };

/** One of the {@link EventOrigin} kinds. */
export type EventOriginKind = EventOrigin['kind'];

/** Every {@link EventOriginKind}. */
export const EVENT_ORIGIN_KINDS = ['SCIM', 'SYNC', 'SSO', 'API_TOKEN', 'USER', 'SYSTEM'] as const satisfies readonly EventOriginKind[];

/** The origin of changes nobody in particular made. */
export const SYSTEM_ORIGIN: EventOrigin = Object.freeze({ kind: 'SYSTEM' });

/** How long a {@link EventOrigin} SCIM token id is: 12 hex characters (48 bits) of the token's SHA-256. */
export const SCIM_TOKEN_ID_LENGTH = 12;

/**
 * A stable string naming the origin: 'SCIM:<iamId>', 'SYNC:<iamId>', 'SSO:<iamId>',
 * 'API_TOKEN:<id>', 'USER:<id>' or 'SYSTEM'. The same IAM's SCIM pushes share a key across token
 * rotations, and a sync's runs share one, so a consumer can name an origin to skip once.
 */
export function originKey(origin: EventOrigin): string {
  switch (origin.kind) {
    case 'SCIM':
    case 'SYNC':
    case 'SSO':
      return `${origin.kind}:${origin.iamId}`;
    case 'API_TOKEN':
      return `API_TOKEN:${origin.apiTokenId}`;
    case 'USER':
      return `USER:${origin.userId}`;
    case 'SYSTEM':
      return 'SYSTEM';
  }
}

/**
 * The origin of the work running now, carried along its asynchronous calls (the runtime's
 * AsyncLocalStorage; core cannot import it). Transports enter it once a request is authenticated.
 */
export interface OriginScope {
  /** Runs `work` with `origin` current, in it and everything it awaits. */
  run<T>(origin: EventOrigin, work: () => T): T;
  /** The origin of the work running now; null outside any {@link run}. */
  current(): EventOrigin | null;
}

/** The origin the work running now stamps on its events: the scope's, or SYSTEM. */
export function currentOrigin(scope: OriginScope): EventOrigin {
  return scope.current() ?? SYSTEM_ORIGIN;
}
