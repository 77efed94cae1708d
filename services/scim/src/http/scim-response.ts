import { errorBody, toScimError } from './scim-error.ts';

/** RFC 7644 §3.1: responses are application/scim+json. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** A SCIM JSON response. */
export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...headers } });
}

/** Any failure as an RFC 7644 §3.12 error response. */
export function scimErrorResponse(error: unknown): Response {
  const scimError = toScimError(error);
  return scimJson(errorBody(scimError), scimError.status, scimError.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="SCIM"' } : {});
}
