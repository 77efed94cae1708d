import type { IamSettings, LoginIdentity } from '@roster/core';
import { describeError } from './connection-step.ts';

/** What an external groups-and-attributes endpoint answers. */
interface ExternalAnswer {
  readonly groups?: unknown;
  readonly attributes?: unknown;
}

/** The outcome of asking the endpoint: the identity to log in with, and the error when it failed. */
export interface ExternalLookupResult {
  readonly identity: LoginIdentity;
  readonly error: string | null;
}

/**
 * Asks the IAM's external endpoint for the user's groups and attributes: a POST of
 * `{ "userId", "iamId" }` answered by `{ "groups": [..], "attributes": { name: value | [values] } }`,
 * within the configured timeout. Its groups are added to the IdP's, its attributes override
 * same-named ones. When it fails (down, slow, not JSON, wrong shape) the login goes on with what
 * the IdP sent and the error is returned, to be logged and shown on the IAM.
 */
export async function withExternalGroupsAndAttributes(
  endpoint: NonNullable<IamSettings['externalEndpoint']>,
  iamId: string,
  identity: LoginIdentity,
  fetchImpl: typeof fetch = fetch,
): Promise<ExternalLookupResult> {
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  const call = () =>
    fetchImpl(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ userId: identity.userId, iamId }),
      signal,
    });
  try {
    // The lookup only reads: a kept-alive connection the endpoint closed meanwhile is retried once
    // on a fresh one, within the same timeout.
    const response = await call().catch((error: unknown) => {
      if (signal.aborted || !isConnectionReset(error)) throw error;
      return call();
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const answer = (await response.json()) as ExternalAnswer;
    const groups = answer.groups ?? [];
    const attributes = answer.attributes ?? {};
    if (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string')) throw new Error('"groups" is not a list of names');
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
      throw new Error('"attributes" is not an object');
    return {
      identity: {
        userId: identity.userId,
        attributes: { ...identity.attributes, ...(attributes as Record<string, unknown>) },
        groups: [...new Set([...(identity.groups ?? []), ...groups])],
      },
      error: null,
    };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${endpoint.timeoutMs} ms` : describeError(error);
    return { identity, error: `${endpoint.url}: ${reason}` };
  }
}

/** A request that died on its connection before any answer (a stale keep-alive socket). */
function isConnectionReset(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}
