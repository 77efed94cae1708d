import type { Context } from 'hono';
import { isPlainObject } from '@roster/core';
import type { ScimEnv } from '../http/scim-env.ts';
import { ScimError } from '../http/scim-error.ts';
import { readJsonBody } from '../http/read-body.ts';
import { scimJson } from '../http/scim-response.ts';
import { parseFilter } from '../filter/parse-filter.ts';
import { URN } from '../schema/schema-urns.ts';
import { getKey } from '../users/scim-values.ts';

const ID_PREFIX = 'unsynced-';

/**
 * /Groups of an IAM with "sync groups" off. Nothing is stored, yet an IdP's group push must keep
 * working rather than fail forever: a pushed group answers 201 with an id derived from its
 * displayName, so the IdP's follow-ups on that id (GET, PATCH members, PUT, DELETE) succeed, and
 * its lookup `displayName eq "..."` finds the group again instead of creating it on every cycle.
 * Such a group always has no members; listing without that filter finds nothing.
 */
export async function answerIgnoredGroups(c: Context<ScimEnv>): Promise<Response> {
  const rest = decodeURIComponent(new URL(c.req.url).pathname.replace(/^.*?\/Groups\/?/, ''));
  const method = c.req.method;
  const base = c.var.baseUrl;
  if (rest === '' || rest === '.search') {
    if (method === 'GET' || (method === 'POST' && rest === '.search')) {
      const body = method === 'POST' ? await readJsonBody(c.req.raw) : {};
      const filter = method === 'GET' ? c.req.query('filter') : getKey(isPlainObject(body) ? body : {}, 'filter');
      const name = typeof filter === 'string' ? displayNameLookup(filter) : null;
      const found = name === null ? [] : [unsyncedGroup(base, name)];
      return scimJson({
        schemas: [URN.listResponse],
        totalResults: found.length,
        startIndex: 1,
        itemsPerPage: found.length,
        Resources: found,
      });
    }
    if (method === 'POST') {
      const group = unsyncedGroup(base, displayNameOf(await readJsonBody(c.req.raw)));
      return scimJson(group, 201, { Location: group.meta.location, ETag: group.meta.version });
    }
  }
  const name = nameFromId(rest);
  if (name === null) throw new ScimError(404, 'Group not found.');
  if (method === 'GET') return scimJson(unsyncedGroup(base, name), 200, { ETag: 'W/"1"' });
  if (method === 'PUT') return scimJson(unsyncedGroup(base, displayNameOf(await readJsonBody(c.req.raw))), 200, { ETag: 'W/"1"' });
  return new Response(null, { status: 204 });
}

function unsyncedGroup(baseUrl: string, displayName: string) {
  const id = `${ID_PREFIX}${toBase64Url(displayName)}`;
  return {
    schemas: [URN.group],
    id,
    displayName,
    members: [],
    meta: { resourceType: 'Group', location: `${baseUrl}/Groups/${id}`, version: 'W/"1"' },
  };
}

function displayNameOf(body: unknown): string {
  const name = isPlainObject(body) ? getKey(body, 'displayName') : undefined;
  if (typeof name !== 'string' || name.trim() === '') throw new ScimError(400, '"displayName" is required.', 'invalidValue');
  return name;
}

/** The displayName of `displayName eq "..."`, the lookup IdPs make before creating a group. */
function displayNameLookup(text: string): string | null {
  try {
    const filter = parseFilter(text);
    const matches =
      filter.type === 'compare' && filter.op === 'eq' && filter.path.name.toLowerCase() === 'displayname' && filter.path.sub === null;
    return matches && typeof filter.value === 'string' ? filter.value : null;
  } catch {
    throw new ScimError(400, `Invalid filter "${text}".`, 'invalidFilter');
  }
}

function nameFromId(id: string): string | null {
  if (!id.startsWith(ID_PREFIX)) return null;
  try {
    const bytes = Uint8Array.from(atob(id.slice(ID_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
    const name = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return name === '' ? null : name;
  } catch {
    return null;
  }
}

function toBase64Url(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
