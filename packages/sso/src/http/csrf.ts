/** The header a browser page must send with cookie-authenticated requests (a custom header forces a CORS preflight). */
export const CSRF_HEADER = 'x-roster-csrf';

/**
 * True when a cookie-authenticated request cannot have been forged by another site: it carries
 * the CSRF header (which no cross-origin page can add without passing a CORS preflight), or the
 * browser says it comes from Roster's own origin — `Sec-Fetch-Site: same-origin` (or `none`, a
 * navigation the user typed), else an `Origin` equal to the public URL's. A sibling subdomain is
 * "same-site" for a Lax cookie, so `same-site` is not enough.
 */
export function passesCsrfCheck(request: Request, publicOrigin: string): boolean {
  if (request.headers.get(CSRF_HEADER) !== null) return true;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  return request.headers.get('origin') === publicOrigin;
}
