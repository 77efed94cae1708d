import { isPlainObject } from '@roster/core';
import type { PatchPath } from '../filter/filter-ast.ts';
import { ScimError } from '../http/scim-error.ts';
import { matchesFilter } from './match-filter.ts';
import type { PatchOperation } from './patch-operations.ts';
import { readPatchPath } from './read-patch-path.ts';

type Doc = Record<string, unknown>;
const MULTI_VALUED = new Set([
  'emails',
  'phonenumbers',
  'addresses',
  'ims',
  'photos',
  'roles',
  'entitlements',
  'x509certificates',
  'groups',
  'members',
]);

/**
 * Applies PATCH operations to a resource's JSON (RFC 7644 §3.5.2) and returns the new document;
 * the input is not modified. Paths may be dotted, URN-qualified or carry a value filter;
 * pathless values may hold dotted and URN-qualified keys (Entra's aadOptscim062020 mode).
 */
export function applyPatch(resource: Doc, operations: readonly PatchOperation[], coreUrn: string): Doc {
  const doc = structuredClone(resource);
  for (const operation of operations) {
    if (operation.path === null) {
      for (const [key, value] of Object.entries(operation.value as Doc)) {
        if (key.toLowerCase().startsWith('urn:') && isPlainObject(value) && isExtensionUrn(key, coreUrn)) {
          for (const [inner, innerValue] of Object.entries(value))
            apply(doc, { ...operation, value: innerValue }, `${key}:${inner}`, coreUrn);
        } else apply(doc, { ...operation, value }, key, coreUrn);
      }
    } else apply(doc, operation, operation.path, coreUrn);
  }
  return doc;
}

function isExtensionUrn(key: string, coreUrn: string): boolean {
  // `urn:...:enterprise:2.0:User` as a key names the whole extension object.
  return key.toLowerCase() !== coreUrn.toLowerCase() && /:\d+\.\d+:[A-Za-z]+$/.test(key);
}

function apply(doc: Doc, operation: PatchOperation, pathText: string, coreUrn: string): void {
  const { path, filter, sub } = readPatchPath(pathText);
  let container = doc;
  let name = path.name;
  const inner = path.sub;
  if (path.uri !== null && path.uri.toLowerCase() !== coreUrn.toLowerCase()) {
    if (isExtensionUrn(`${path.uri}:${path.name}`, coreUrn) && path.sub === null && !isExtensionUrn(path.uri, coreUrn)) {
      name = `${path.uri}:${path.name}`; // the extension object itself
    } else {
      container = childObject(doc, path.uri, operation.op !== 'remove');
    }
  }
  if (filter === null) return applyAt(container, name, inner, operation);
  const key = keyOf(container, name);
  const list = container[key];
  const elements: unknown[] = Array.isArray(list) ? list : [];
  const matching = elements.filter((element) => matchesFilter(element, filter));
  if (operation.op === 'remove') {
    if (sub === null) container[key] = elements.filter((element) => !matching.includes(element));
    else for (const element of matching) if (isPlainObject(element)) delete element[keyOf(element, sub)];
    return;
  }
  if (matching.length === 0) {
    // Entra replaces `emails[type eq "work"].value` on users without a work email: create it.
    const created = seedFromFilter(filter);
    if (!created) throw new ScimError(400, `No value of "${name}" matches the filter in "${pathText}".`, 'noTarget');
    container[key] = [...elements, created];
    matching.push(created);
  }
  for (const element of matching) {
    if (!isPlainObject(element)) continue;
    if (sub !== null) element[keyOf(element, sub)] = operation.value;
    else if (isPlainObject(operation.value)) Object.assign(element, operation.value);
  }
}

function applyAt(container: Doc, name: string, sub: string | null, operation: PatchOperation): void {
  const key = keyOf(container, name);
  if (sub !== null) {
    if (operation.op === 'remove') {
      const parent = container[key];
      if (isPlainObject(parent)) delete parent[keyOf(parent, sub)];
      return;
    }
    const parent = childObject(container, key, true);
    parent[keyOf(parent, sub)] = operation.value;
    return;
  }
  const current = container[key];
  const multi = MULTI_VALUED.has(name.toLowerCase()) || Array.isArray(current);
  if (operation.op === 'remove') {
    if (multi && operation.value !== undefined && Array.isArray(current)) {
      const drop = new Set((Array.isArray(operation.value) ? operation.value : [operation.value]).map(valueKey));
      container[key] = current.filter((element) => !drop.has(valueKey(element)));
    } else delete container[key];
    return;
  }
  const value = operation.value;
  if (multi) {
    const incoming: unknown[] = Array.isArray(value) ? value : [value];
    if (operation.op === 'replace' || !Array.isArray(current)) container[key] = incoming;
    else
      container[key] = [
        ...(current as unknown[]).filter((element) => !incoming.some((item) => valueKey(item) === valueKey(element))),
        ...incoming,
      ];
  } else if (operation.op === 'add' && isPlainObject(current) && isPlainObject(value)) {
    Object.assign(current, value);
  } else if (operation.op === 'replace' && isPlainObject(current) && isPlainObject(value) && !name.toLowerCase().startsWith('urn:')) {
    Object.assign(current, value); // RFC 7644 §3.5.2.3: sub-attributes in value replace those present
  } else {
    container[key] = value;
  }
}

function seedFromFilter(filter: NonNullable<PatchPath['filter']>): Doc | null {
  if (filter.type === 'compare' && filter.op === 'eq') return { [filter.path.name]: filter.value };
  if (filter.type === 'and') {
    const left = seedFromFilter(filter.left);
    const right = seedFromFilter(filter.right);
    return left && right ? { ...left, ...right } : null;
  }
  return null;
}

function valueKey(element: unknown): string {
  const value = isPlainObject(element) ? element[keyOf(element, 'value')] : element;
  return typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value);
}

function keyOf(object: Doc, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower) ?? name;
}

function childObject(parent: Doc, name: string, create: boolean): Doc {
  const key = keyOf(parent, name);
  const existing = parent[key];
  if (isPlainObject(existing)) return existing;
  const fresh: Doc = {};
  if (create) parent[key] = fresh;
  return fresh;
}
