import { planAttributeChanges } from '../attributes/attribute-ops.ts';
import { runChange, type RosterDeps } from '../context.ts';
import type { EventDraft } from '../events/event-types.ts';
import { isRosterError } from '../errors.ts';
import type { IamSettings } from '../iam/iam-settings.ts';
import { requireIamIn } from '../lookups.ts';
import type { Iam, User } from '../model.ts';
import type { AttributeMap } from '../rules/attribute-mapping.ts';
import {
  attributePrefixes,
  DEFAULT_PROFILE_SCHEMAS,
  deriveFromSource,
  sourceKindOf,
  type DerivedFields,
} from '../rules/derive-from-source.ts';
import { PROFILE_FIELDS, type ProfileSchema } from '../rules/profile-mapping.ts';
import { applyUserPatch } from './apply-user-patch.ts';
import { updateUserSchema } from './user-input.ts';
import { planUserChanges } from './user-ops.ts';

/** Users re-derived per transaction. */
export const REDERIVE_PAGE_SIZE = 500;
const ATTEMPTS = 10;

/** How a re-derivation went: users walked, users changed, users whose derived values were invalid. */
export interface RederiveResult {
  readonly users: number;
  readonly changed: number;
  readonly invalid: number;
}

/**
 * Re-derives the profile fields and mapped attributes of every user of the IAM from what the IdP
 * sent for them (their kept source attributes), after the IAM's profile or attribute schema
 * changed from `previous`: no IdP has to push anything again. One transaction per page of
 * {@link REDERIVE_PAGE_SIZE} users, with a fixed number of statements each (the page's users and
 * their attributes read at once, the changed ones written at once); every user that changes gets
 * its USER_UPDATED / USER_ATTRIBUTES_CHANGED events. Each page uses the IAM's settings as they are
 * when it runs; a page a concurrent writer got in the way of is run again. Users with nothing kept
 * (made by an administrator, or stored before Roster kept sources) are left alone, as are derived
 * values the user fields refuse (too long).
 */
export async function rederiveUsers(deps: RosterDeps, iamId: string, previous: IamSettings): Promise<RederiveResult> {
  const total = { users: 0, changed: 0, invalid: 0 };
  let afterId: string | undefined;
  for (;;) {
    const page = await retryOnConflict(() =>
      runChange(deps, async (tx, record) => {
        const iam = await requireIamIn(tx, iamId);
        const users = await tx.users.listPage(iamId, { ...(afterId === undefined ? {} : { afterId }), limit: REDERIVE_PAGE_SIZE });
        const kept = users.filter((user) => Object.keys(user.sourceAttributes).length > 0);
        const attributes =
          iam.settings.syncAttributes && kept.length > 0
            ? await tx.userAttributes.getMany(kept.map((user) => user.id))
            : new Map<string, AttributeMap>();
        const counts = { users: users.length, changed: 0, invalid: 0, last: users.at(-1)?.id };
        const changedUsers: { user: User; previous: User }[] = [];
        const changedAttributes = new Map<string, AttributeMap>();
        for (const user of kept) {
          const planned = rederiveUser(deps, iam, previous, user, attributes.get(user.id) ?? {});
          if (planned.user) changedUsers.push({ user: planned.user, previous: user });
          if (planned.attributes) changedAttributes.set(user.id, planned.attributes);
          planned.events.forEach(record);
          if (planned.events.length > 0) counts.changed += 1;
          if (planned.invalid) counts.invalid += 1;
        }
        await tx.bulk.updateUsers(changedUsers);
        await tx.bulk.replaceUserAttributes(changedAttributes);
        return counts;
      }),
    );
    total.users += page.users;
    total.changed += page.changed;
    total.invalid += page.invalid;
    if (page.users < REDERIVE_PAGE_SIZE || page.last === undefined) return total;
    afterId = page.last;
  }
}

interface PlannedUser {
  readonly user: User | null;
  readonly attributes: AttributeMap | null;
  readonly events: EventDraft[];
  readonly invalid: boolean;
}

function rederiveUser(deps: RosterDeps, iam: Iam, previous: IamSettings, user: User, attributes: AttributeMap): PlannedUser {
  const kind = sourceKindOf(iam, user);
  const derived = deriveFromSource(iam, kind, user.sourceAttributes);
  const fields = clearUnmapped(
    derived.fields,
    previous.profileSchema,
    { ...DEFAULT_PROFILE_SCHEMAS[kind], ...iam.settings.profileSchema },
    kind === 'SCIM',
  );
  const parsed = updateUserSchema.safeParse(fields);
  const plannedUser = parsed.success ? planUserChanges(deps, user, applyUserPatch(user, parsed.data)) : null;
  const events = [...(plannedUser?.events ?? [])];
  let plannedAttributes: AttributeMap | null = null;
  let invalid = !parsed.success;
  if (iam.settings.syncAttributes) {
    // Prefixes the old schema managed are the IdP's too: attributes left under them are dropped.
    const prefixes = [
      ...new Set([
        ...(previous.syncAttributes ? attributePrefixes(previous.attributeSchema) : []),
        ...attributePrefixes(iam.settings.attributeSchema),
      ]),
    ];
    try {
      const planned = planAttributeChanges(attributes, derived.attributes?.values ?? {}, { prefixes });
      if (planned) {
        plannedAttributes = planned.after;
        events.push({
          type: 'USER_ATTRIBUTES_CHANGED',
          iamId: user.iamId,
          subjectType: 'USER',
          subjectId: user.id,
          data: { changes: planned.changes },
        });
      }
    } catch (error) {
      // A source key that makes no attribute name (`Cost Center`): the IdP's push would be refused too.
      if (!isRosterError(error, 'VALIDATION_FAILED')) throw error;
      invalid = true;
    }
  }
  return { user: plannedUser?.after ?? null, attributes: plannedAttributes, events, invalid };
}

/** Fields the old profile schema filled that the new one no longer does are cleared: they were the IdP's. */
function clearUnmapped(fields: DerivedFields, before: ProfileSchema, now: ProfileSchema, ownEmails: boolean): DerivedFields {
  const result: DerivedFields = { ...fields, profile: { ...fields.profile } };
  for (const field of PROFILE_FIELDS) {
    if (before[field] === undefined || now[field] !== undefined) continue;
    if (field === 'email') {
      if (!ownEmails) result.emails ??= [];
    } else if (field === 'displayName' || field === 'givenName' || field === 'familyName') {
      result[field] ??= null;
    } else {
      result.profile[field] ??= null;
    }
  }
  return result;
}

async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRosterError(error, 'VERSION_MISMATCH')) throw error;
    }
  }
}
