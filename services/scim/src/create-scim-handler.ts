import { scimOrigin } from '@roster/core';
import { Hono } from 'hono';
import type { ScimDeps, ScimEnv } from './http/scim-env.ts';
import { ScimError, toScimError } from './http/scim-error.ts';
import { scimErrorResponse, scimJson } from './http/scim-response.ts';
import { readJsonBody } from './http/read-body.ts';
import { createScimAuthenticator } from './http/authenticate-scim.ts';
import { runBulk } from './bulk/run-bulk.ts';
import { LIMITS } from './schema/schema-urns.ts';
import { discoveryRoutes } from './discovery/discovery-routes.ts';
import { groupRoutes } from './groups/group-routes.ts';
import { userRoutes } from './users/user-routes.ts';

/**
 * The SCIM 2.0 service provider as a Fetch handler, serving `/scim/v2/:iamId/...` (RFC 7644).
 * Every request is authenticated with the IAM's SCIM bearer token (compared in constant time by
 * core); an IAM without SCIM has no endpoint (404), a missing or wrong token is 401.
 */
export function createScimHandler(deps: ScimDeps): (request: Request) => Promise<Response> {
  const { roster } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const scim = new Hono<ScimEnv>();
  const authenticate = createScimAuthenticator(roster);
  scim.use('*', async (c, next) => {
    const iam = await authenticate(c.req.param('iamId') ?? '', c.req.header('authorization') ?? '');
    c.set('iam', iam);
    c.set('baseUrl', `${publicUrl}/scim/v2/${encodeURIComponent(iam.id)}`);
    // Every event the request causes names this IAM and its token (a Bulk operation's own
    // request authenticates again, with the same token).
    await roster.withOrigin(scimOrigin(iam), next);
  });
  scim.route('/Users', userRoutes(roster));
  scim.route('/Groups', groupRoutes(roster));
  scim.route('/', discoveryRoutes());
  // RFC 7644 §3.11: /Me needs an authenticated subject; an IdP's token has none, so 501.
  scim.all('/Me', () => {
    throw new ScimError(501, '/Me is not supported.');
  });
  scim.post('/Bulk', async (c) => {
    const body = await readJsonBody(c.req.raw, LIMITS.bulkMaxPayloadSize);
    const authorization = c.req.header('authorization') ?? '';
    const base = new URL(c.req.url).pathname.replace(/\/Bulk$/, '');
    const origin = new URL(c.req.url).origin;
    return scimJson(
      await runBulk(body, async (method, path, data, version) =>
        app.fetch(
          new Request(`${origin}${base}${path}`, {
            method,
            headers: { authorization, 'content-type': 'application/scim+json', ...(version ? { 'if-match': version } : {}) },
            ...(data === undefined ? {} : { body: JSON.stringify(data) }),
          }),
        ),
      ),
    );
  });

  // RFC 7644 §3.12: a known endpoint asked for an operation it does not offer is 501.
  const endpoints = /^\/(Users|Groups|ServiceProviderConfig|ResourceTypes|Schemas|Bulk|Me)(\/|$)/;
  scim.all('*', (c) => {
    const path = new URL(c.req.url).pathname.replace(/^\/scim\/v2\/[^/]+/, '');
    throw endpoints.test(path)
      ? new ScimError(501, `${c.req.method} is not supported on ${path}.`)
      : new ScimError(404, 'No such SCIM endpoint.');
  });

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    // Method, path and status only: never headers (the bearer token) or bodies (Okta's passwords).
    deps.logger?.info({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status }, 'SCIM request');
  });
  app.route('/scim/v2/:iamId', scim);
  app.notFound(() => scimErrorResponse(new ScimError(404, 'No such SCIM endpoint.')));
  const describe = (error: unknown) => (error instanceof Error ? { name: error.name, message: error.message } : String(error));
  // An outage answers every request 503 (the IdP retries): one line when it starts, then at most
  // one a minute with how many more there were, not a line per request. A 500 is a bug: each is logged.
  const reportUnavailable = atMostEvery(OUTAGE_LOG_INTERVAL_MS, (error: unknown, suppressed: number) =>
    deps.logger?.warn({ err: describe(error), suppressed }, 'SCIM requests refused: storage unavailable (503)'),
  );
  app.onError((error) => {
    const scimError = toScimError(error);
    if (scimError.status === 503) reportUnavailable(error);
    else if (scimError.status >= 500) deps.logger?.error({ err: describe(error) }, 'SCIM request failed');
    return scimErrorResponse(scimError);
  });
  return async (request) => app.fetch(request);
}

const OUTAGE_LOG_INTERVAL_MS = 60_000;

/**
 * Calls `report` for the first occurrence, then at most once per interval, with how many
 * occurrences went unreported since the previous report.
 */
export function atMostEvery<T>(intervalMs: number, report: (value: T, suppressed: number) => void, now = Date.now): (value: T) => void {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (value) => {
    const at = now();
    if (at - last < intervalMs) {
      suppressed += 1;
      return;
    }
    report(value, suppressed);
    last = at;
    suppressed = 0;
  };
}
