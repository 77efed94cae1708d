import type { Context } from 'hono';
import type { ScimEnv } from '../http/scim-env.ts';
import { ScimError } from '../http/scim-error.ts';
import { scimJson } from '../http/scim-response.ts';
import { URN } from '../schema/schema-urns.ts';

/**
 * /Groups of an IAM with "sync groups" off: writes are accepted and ignored, so IdPs do not retry
 * forever; reads find nothing. A created group gets a fresh id that names nothing afterwards.
 */
export async function answerIgnoredGroups(c: Context<ScimEnv>): Promise<Response> {
  const rest = new URL(c.req.url).pathname.replace(/^.*?\/Groups\/?/, '');
  const method = c.req.method;
  if (rest === '' || rest === '.search') {
    if (method === 'GET' || (method === 'POST' && rest === '.search')) {
      return scimJson({ schemas: [URN.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
    }
    if (method === 'POST') {
      const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
      return scimJson({ schemas: [URN.group], id: crypto.randomUUID(), displayName: body['displayName'] ?? null, members: [] }, 201);
    }
  }
  if (method === 'GET') throw new ScimError(404, 'Group not found.');
  return new Response(null, { status: 204 });
}
