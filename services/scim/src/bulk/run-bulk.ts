import { isPlainObject } from '@roster/core';
import { ScimError } from '../http/scim-error.ts';
import { LIMITS, URN } from '../schema/schema-urns.ts';
import { getKey, requireObject, textOf } from '../users/scim-values.ts';

/** Runs one operation as a request against the SCIM endpoint itself. */
export type Dispatch = (method: string, path: string, body: unknown, version: string | null) => Promise<Response>;

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * RFC 7644 §3.7: runs the operations, each as its own request (and transaction), in request
 * order except where an operation refers (`bulkId:x` anywhere in its path or data) to a resource
 * a later operation creates: it then runs after that one (§3.7.2), and the response lists the
 * operations in the order they ran. A reference to a bulkId no operation defines, to one whose
 * operation failed, or in a cycle (operations that wait on each other) fails with 409. After
 * `failOnErrors` errors, the rest is not run.
 */
export async function runBulk(body: unknown, dispatch: Dispatch): Promise<Record<string, unknown>> {
  const request = requireObject(body, 'A bulk request');
  const operations = getKey(request, 'Operations');
  if (!Array.isArray(operations)) throw new ScimError(400, '"Operations" must be an array.', 'invalidSyntax');
  if (operations.length > LIMITS.bulkMaxOperations)
    throw new ScimError(413, `At most ${LIMITS.bulkMaxOperations} operations per bulk request.`);
  const failOnErrors = Number(getKey(request, 'failOnErrors') ?? 0) || Infinity;
  const ids = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const next of dependencyOrder(operations)) {
    if (errors >= failOnErrors) break;
    const result = next.cycle
      ? failure(operations[next.index], new ScimError(409, `bulkId references form a cycle: ${next.cycle.join(' -> ')}.`, 'invalidValue'))
      : await runOne(operations[next.index], ids, dispatch);
    if (Number(result['status']) >= 400) errors += 1;
    results.push(result);
  }
  return { schemas: [URN.bulkResponse], Operations: results };
}

/** One step of the plan: the operation at `index`, or a refusal of it when it sits in a cycle. */
interface Step {
  readonly index: number;
  readonly cycle?: readonly string[];
}

/**
 * The order to run operations in: request order, each operation moved after the POSTs whose
 * bulkIds it refers to. Operations left waiting on each other come last, each marked with its cycle.
 * References to undefined bulkIds do not delay anything; they fail when the operation runs.
 */
export function dependencyOrder(operations: readonly unknown[]): Step[] {
  const definedBy = new Map<string, number>();
  operations.forEach((raw, index) => {
    const operation = isPlainObject(raw) ? raw : {};
    const bulkId = getKey(operation, 'bulkId');
    if (typeof bulkId === 'string' && textOf(getKey(operation, 'method')).toUpperCase() === 'POST' && !definedBy.has(bulkId))
      definedBy.set(bulkId, index);
  });
  const needs = operations.map((raw) => {
    const operation = isPlainObject(raw) ? raw : {};
    return [...new Set(referencedBulkIds([getKey(operation, 'path'), getKey(operation, 'data')]))].filter((key) => definedBy.has(key));
  });
  const done = new Set<number>();
  const steps: Step[] = [];
  while (done.size < operations.length) {
    const ready = operations.findIndex((_, i) => !done.has(i) && needs[i]!.every((key) => done.has(definedBy.get(key)!)));
    if (ready === -1) break;
    done.add(ready);
    steps.push({ index: ready });
  }
  for (let i = 0; i < operations.length; i += 1) {
    if (!done.has(i)) steps.push({ index: i, cycle: cycleFrom(i, needs, definedBy, done, operations) });
  }
  return steps;
}

/** The cycle a waiting operation is caught in (or waits on): follow waiting references until one repeats. */
function cycleFrom(
  start: number,
  needs: readonly string[][],
  definedBy: ReadonlyMap<string, number>,
  done: ReadonlySet<number>,
  operations: readonly unknown[],
): string[] {
  const path: number[] = [];
  let at = start;
  while (!path.includes(at)) {
    path.push(at);
    at = needs[at]!.map((key) => definedBy.get(key)!).find((index) => !done.has(index))!;
  }
  const name = (i: number) => {
    const operation = operations[i];
    const bulkId = isPlainObject(operation) ? getKey(operation, 'bulkId') : undefined;
    return typeof bulkId === 'string' ? bulkId : `#${i + 1}`;
  };
  return [...path.slice(path.indexOf(at)), at].map(name);
}

function referencedBulkIds(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(BULK_ID_REFERENCE)].map((match) => match[1]!);
  if (Array.isArray(value)) return value.flatMap(referencedBulkIds);
  if (isPlainObject(value)) return Object.values(value).flatMap(referencedBulkIds);
  return [];
}

const BULK_ID_REFERENCE = /bulkId:([A-Za-z0-9_.~-]+)/g;

function failure(raw: unknown, error: ScimError): Record<string, unknown> {
  const operation = isPlainObject(raw) ? raw : {};
  const method = textOf(getKey(operation, 'method')).toUpperCase();
  const bulkId = getKey(operation, 'bulkId');
  return {
    method,
    ...(typeof bulkId === 'string' ? { bulkId } : {}),
    status: String(error.status),
    response: {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: String(error.status),
      ...(error.scimType ? { scimType: error.scimType } : {}),
      detail: error.message,
    },
  };
}

async function runOne(raw: unknown, ids: Map<string, string>, dispatch: Dispatch): Promise<Record<string, unknown>> {
  const operation = isPlainObject(raw) ? raw : {};
  const method = textOf(getKey(operation, 'method')).toUpperCase();
  const bulkId = getKey(operation, 'bulkId');
  const base = { method, ...(typeof bulkId === 'string' ? { bulkId } : {}) };
  const fail = (error: ScimError) => failure(raw, error);
  if (!METHODS.has(method)) return fail(new ScimError(400, `Unsupported bulk method "${method}".`, 'invalidSyntax'));
  if (method === 'POST' && typeof bulkId !== 'string')
    return fail(new ScimError(400, 'A POST in a bulk request needs a bulkId.', 'invalidValue'));
  let path: string;
  let data: unknown;
  try {
    path = resolve(textOf(getKey(operation, 'path')), ids) as string;
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
  return {
    ...base,
    status: String(response.status),
    ...(location ? { location } : {}),
    ...(response.headers.get('etag') ? { version: response.headers.get('etag') } : {}),
  };
}

/** Replaces `bulkId:x` strings with the ids they name (RFC 7644 §3.7.2). */
function resolve(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const inline = value.replace(BULK_ID_REFERENCE, (_whole, key: string) => {
      const id = ids.get(key);
      if (id === undefined) throw new ScimError(409, `bulkId "${key}" names no resource created in this request.`, 'invalidValue');
      return id;
    });
    return inline;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, ids));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids)]));
  return value;
}
