import { isPlainObject } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import { LIMITS, URN } from '../schema/schema-urns.ts';
import { getKey, requireObject } from '../users/scim-values.ts';

/** Runs one operation as a request against the SCIM endpoint itself. */
export type Dispatch = (method: string, path: string, body: unknown, version: string | null) => Promise<Response>;

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * RFC 7644 §3.7: runs the operations in order, each as its own request (and transaction).
 * `bulkId:x` anywhere in a later operation's path or data is replaced by the id created under
 * `bulkId` x; an operation naming a bulkId that did not resolve fails with 409. After
 * `failOnErrors` errors, the rest is not run.
 */
export async function runBulk(body: unknown, dispatch: Dispatch): Promise<Record<string, unknown>> {
  const request = requireObject(body, 'A bulk request');
  const operations = getKey(request, 'Operations');
  if (!Array.isArray(operations)) throw new ScimError(400, '"Operations" must be an array.', 'invalidSyntax');
  if (operations.length > LIMITS.bulkMaxOperations) throw new ScimError(413, `At most ${LIMITS.bulkMaxOperations} operations per bulk request.`);
  const failOnErrors = Number(getKey(request, 'failOnErrors') ?? 0) || Infinity;
  const ids = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const raw of operations) {
    if (errors >= failOnErrors) break;
    const result = await runOne(raw, ids, dispatch);
    if (Number(result['status']) >= 400) errors += 1;
    results.push(result);
  }
  return { schemas: [URN.bulkResponse], Operations: results };
}

async function runOne(raw: unknown, ids: Map<string, string>, dispatch: Dispatch): Promise<Record<string, unknown>> {
  const operation = isPlainObject(raw) ? raw : {};
  const method = String(getKey(operation, 'method') ?? '').toUpperCase();
  const bulkId = getKey(operation, 'bulkId');
  const base = { method, ...(typeof bulkId === 'string' ? { bulkId } : {}) };
  const fail = (error: ScimError) => ({ ...base, status: String(error.status), response: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(error.status), ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.message } });
  if (!METHODS.has(method)) return fail(new ScimError(400, `Unsupported bulk method "${method}".`, 'invalidSyntax'));
  if (method === 'POST' && typeof bulkId !== 'string') return fail(new ScimError(400, 'A POST in a bulk request needs a bulkId.', 'invalidValue'));
  let path: string;
  let data: unknown;
  try {
    path = resolve(String(getKey(operation, 'path') ?? ''), ids) as string;
    data = resolve(getKey(operation, 'data'), ids);
  } catch (error) {
    return fail(error as ScimError);
  }
  if (!/^\/(Users|Groups)(\/[^/]+)?$/.test(path)) return fail(new ScimError(400, `Invalid bulk path "${path}".`, 'invalidPath'));
  const version = getKey(operation, 'version');
  const response = await dispatch(method, path, method === 'DELETE' ? undefined : data, typeof version === 'string' ? version : null);
  const text = await response.text();
  const json = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  if (response.status >= 400) return { ...base, status: String(response.status), response: json };
  const location = response.headers.get('location') ?? (isPlainObject(json?.['meta']) ? json['meta']['location'] : undefined);
  if (typeof bulkId === 'string' && method === 'POST' && typeof json?.['id'] === 'string') ids.set(bulkId, json['id']);
  return { ...base, status: String(response.status), ...(location ? { location } : {}), ...(response.headers.get('etag') ? { version: response.headers.get('etag') } : {}) };
}

/** Replaces `bulkId:x` strings with the ids they name (RFC 7644 §3.7.2). */
function resolve(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const inline = value.replace(/bulkId:([A-Za-z0-9_.~-]+)/g, (whole, key: string) => {
      const id = ids.get(key);
      if (id === undefined) throw new ScimError(409, `bulkId "${key}" does not name a resource created earlier in this request.`, 'invalidValue');
      return id;
    });
    return inline;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, ids));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids)]));
  return value;
}
