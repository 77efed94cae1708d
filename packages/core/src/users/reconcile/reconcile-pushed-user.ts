import { runChange, type RosterDeps } from '../../context.ts';
import { isRosterError } from '../../errors.ts';
import type { Iam, User, UserSource } from '../../model.ts';
import type { AttributeMap } from '../../rules/attribute-mapping.ts';
import { findMatchingUser } from '../find-matching.ts';
import { provisionUser } from '../provision-user.ts';
import { matchValueOf } from './match-value.ts';
import type { SourcedUser } from './sourced-user.ts';
import { writeSourcedUser } from './sourced-user.ts';
import { assertMayTakeOver } from './take-over.ts';

/** A user as reconciled: what a response needs, read back only when an existing user was taken over. */
export interface ReconciledUser {
  readonly user: User;
  readonly attributes: AttributeMap;
  readonly groupIds: readonly string[];
}

/**
 * Reconciles a user an IdP pushes (SCIM POST, RFC 7644 §3.3) with the IAM's users: the user it
 * matches on the IAM's matching attribute, or the holder of its userName, is taken over when
 * {@link assertMayTakeOver} allows it (else USER_NAME_TAKEN); otherwise the user is created with
 * {@link provisionUser}. Matching on userName reads nothing first: the insert's unique index is
 * the check, and a taken name falls back to the holder.
 */
export async function reconcilePushedUser(deps: RosterDeps, iam: Iam, sent: SourcedUser, source: UserSource): Promise<ReconciledUser> {
  const attribute = iam.settings.userMatchingAttribute;
  const value = attribute === 'userName' ? null : matchValueOf(attribute, sent.fields);
  const matched = value === null ? null : await deps.store.read((repos) => findMatchingUser(repos, iam.id, attribute, value));
  if (matched) return takeOver(deps, matched, sent, source);
  try {
    const input = {
      ...sent.fields,
      sourceAttributes: sent.sourceAttributes,
      ...(sent.attributes ? { attributes: sent.attributes.values } : {}),
    };
    const { user, attributes } = await provisionUser(deps, iam, input, source);
    return { user, attributes, groupIds: [] };
  } catch (error) {
    if (!isRosterError(error, 'USER_NAME_TAKEN')) throw error;
    const holder = await deps.store.read((repos) => repos.users.findByUserName(iam.id, sent.fields.userName));
    if (!holder) throw error;
    return takeOver(deps, holder, sent, source);
  }
}

async function takeOver(deps: RosterDeps, existing: User, sent: SourcedUser, source: UserSource): Promise<ReconciledUser> {
  assertMayTakeOver(existing, sent.fields.externalId);
  // A user the source writes is the source's from then on (one made at login is taken over).
  await runChange(deps, (tx, record) => writeSourcedUser({ tx, record, deps }, existing.id, sent, { source }));
  return deps.store.read(async (repos) => ({
    user: (await repos.users.get(existing.id))!,
    attributes: await repos.userAttributes.get(existing.id),
    groupIds: await repos.memberships.groupIdsOf(existing.id),
  }));
}
