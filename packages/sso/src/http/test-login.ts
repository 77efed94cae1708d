import type { Context } from 'hono';
import { assessLoginReadiness, RosterError, type Iam, type LoginIdentity, type Roster, type UpdateIamInput } from '@roster/core';
import { describeError } from '../connection-step.ts';
import { withExternalGroupsAndAttributes } from '../external-lookup.ts';
import { escapeHtml } from './html.ts';

/** How long a test login link stays usable. */
const TEST_LOGIN_TTL_MS = 10 * 60_000;

/** A test login an admin opens in a browser: a one-time link. */
export interface TestUserLogin {
  readonly loginUrl: string;
  readonly expiresAt: Date;
}

/**
 * Prepares a "test user login": the IAM as `changes` would leave it (validated, secrets sealed,
 * nothing saved) is kept sealed for ten minutes behind a one-time link. Opening the link logs in at
 * the IdP with that configuration and shows what Roster received: the user ID, profile, groups and
 * attributes (with the external endpoint's), or why the login was refused. No user, session or
 * event is created.
 */
export async function startTestUserLogin(
  roster: Roster,
  publicUrl: string,
  iamId: string,
  changes: UpdateIamInput = {},
): Promise<TestUserLogin> {
  const draft = await roster.previewIam(iamId, changes);
  if (draft.type !== 'SAML' && draft.type !== 'OIDC') {
    throw new RosterError('VALIDATION_FAILED', 'Test user login is for SAML and OIDC IAMs.', { details: { iamId } });
  }
  const readiness = assessLoginReadiness(draft);
  if (!readiness.ready) {
    throw new RosterError('VALIDATION_FAILED', `IAM "${iamId}" is not ready for login: missing ${readiness.missing.join(', ')}.`, {
      details: { iamId, missing: readiness.missing },
    });
  }
  const { id, expiresAt } = await roster.saveTestLogin(iamId, draft, TEST_LOGIN_TTL_MS);
  return { loginUrl: `${publicUrl}/bim/iam/${iamId}/user/authenticate/test/${id}`, expiresAt };
}

/** The page a test login ends on. The admin started it, so a refusal's reason is shown. */
export async function renderTestLoginResult(
  c: Context,
  draft: Iam,
  outcome: { identity: LoginIdentity } | { error: unknown },
): Promise<Response> {
  if ('error' in outcome) {
    return c.html(
      `<!doctype html><title>Test login failed</title><h1>Test login failed</h1><p>${escapeHtml(describeError(outcome.error))}</p><p>Nothing was saved.</p>`,
      401,
    );
  }
  let identity = outcome.identity;
  let external = '';
  if (draft.settings.externalEndpoint) {
    const result = await withExternalGroupsAndAttributes(draft.settings.externalEndpoint, draft.id, identity);
    identity = result.identity;
    external = `<p>External groups and attributes endpoint: ${result.error ? `failed (${escapeHtml(result.error)}); a real login would go on without it` : 'answered'}.</p>`;
  }
  const rows = Object.entries(identity.attributes)
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(JSON.stringify(value))}</td></tr>`)
    .join('');
  return c.html(
    `<!doctype html><title>Test login succeeded</title><h1>Test login succeeded</h1>` +
      `<p>User ID: <strong id="user-id">${escapeHtml(identity.userId)}</strong></p>` +
      `<p>Groups: <span id="groups">${escapeHtml((identity.groups ?? []).join(', ') || '(none sent)')}</span></p>${external}` +
      `<table id="attributes">${rows}</table><p>Nothing was saved: no user, session or event was created. Save the IAM to use these settings.</p>`,
  );
}
