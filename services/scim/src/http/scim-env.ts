import type { Iam, Roster } from '@roster/core';

/** What every SCIM route sees: the authenticated IAM, and where its endpoint lives. */
export interface ScimEnv {
  Variables: { iam: Iam; baseUrl: string };
}

/** Dependencies of the SCIM handler. */
export interface ScimDeps {
  readonly roster: Roster;
  /** The URL IdPs reach Roster at (PUBLIC_URL); resource `location`s are absolute under it. */
  readonly publicUrl: string;
  readonly logger?: ScimLogger;
}

/** The logger subset the service uses (pino-compatible). Never given secrets. */
export interface ScimLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** The version a client's If-Match names (RFC 7644 §3.14), or undefined. `*` matches any. */
export function ifMatchVersion(request: Request): number | undefined {
  const header = request.headers.get('if-match');
  if (header === null || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
}

/** RFC 7644 §3.9 / Prefer: return=minimal: the client wants no resource back (204). */
export function wantsNoContent(request: Request): boolean {
  const url = new URL(request.url);
  return (
    (url.searchParams.has('attributes') && url.searchParams.get('attributes')?.trim() === '') ||
    /return=minimal/i.test(request.headers.get('prefer') ?? '')
  );
}
