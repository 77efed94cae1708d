import type { ChangeContext } from '../context.ts';
import type { Iam } from '../model.ts';
import type { PendingSamlRequest } from '../ports.ts';

/** A SAML request Roster is about to send, and how long it waits for the answer. */
export type NewSamlRequest = Omit<PendingSamlRequest, 'expiresAt'> & { readonly ttlMs: number };

/** Remembers a SAML request Roster sends (login, logout, test login) until its answer or `ttlMs`. */
export async function saveSamlRequest(ctx: ChangeContext, request: NewSamlRequest): Promise<PendingSamlRequest> {
  const { ttlMs, ...rest } = request;
  const pending: PendingSamlRequest = { ...rest, expiresAt: new Date(ctx.deps.clock.now().getTime() + ttlMs) };
  await ctx.tx.saml.saveRequest(pending);
  return pending;
}

/** Uses up the IAM's pending SAML request with this ID: it, or null when unknown, used or expired. */
export async function takeSamlRequest(ctx: ChangeContext, iamId: string, id: string): Promise<PendingSamlRequest | null> {
  return ctx.tx.saml.takeRequest(iamId, id, ctx.deps.clock.now());
}

/** Remembers an accepted assertion until it expires; false when it was accepted before (a replay). */
export async function rememberSamlAssertion(ctx: ChangeContext, iamId: string, assertionId: string, expiresAt: Date): Promise<boolean> {
  return ctx.tx.saml.rememberAssertion(iamId, assertionId, expiresAt, ctx.deps.clock.now());
}

/** Records, now, how the IAM's external groups-and-attributes endpoint last answered (`error` null: it did). */
export async function recordExternalLookup(ctx: ChangeContext, iamId: string, error: string | null): Promise<void> {
  await ctx.tx.iams.recordExternalLookup(iamId, { at: ctx.deps.clock.now(), error });
}

/**
 * Keeps a test login's draft IAM sealed behind a one-time id (a TEST_LOGIN request) for `ttlMs`:
 * nothing of the draft is saved as configuration.
 */
export async function saveTestLogin(ctx: ChangeContext, iamId: string, draft: Iam, ttlMs: number): Promise<PendingSamlRequest> {
  const id = `test_${ctx.deps.random.token(24)}`;
  const relayState = await ctx.deps.secrets.seal(JSON.stringify(draft));
  return saveSamlRequest(ctx, { id, iamId, kind: 'TEST_LOGIN', relayState, ttlMs });
}
