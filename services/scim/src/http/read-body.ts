import { LIMITS } from '../schema/schema-urns.ts';
import { ScimError } from './scim-error.ts';

/**
 * Reads a JSON request body (application/scim+json or application/json, RFC 7644 §3.1). Bodies
 * over the advertised maxPayloadSize are refused with 413 before they are parsed.
 */
export async function readJsonBody(request: Request, limit: number = LIMITS.maxPayloadSize): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new ScimError(413, `The request body exceeds ${limit} bytes.`);
  const text = await request.text();
  if (new TextEncoder().encode(text).length > limit) throw new ScimError(413, `The request body exceeds ${limit} bytes.`);
  if (text.trim() === '') throw new ScimError(400, 'The request body is empty.', 'invalidSyntax');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScimError(400, 'The request body is not valid JSON.', 'invalidSyntax');
  }
}
