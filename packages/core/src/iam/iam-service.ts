import { runChange, type RosterDeps } from '../context.ts';
import { isRosterError, RosterError } from '../errors.ts';
import { diffFields, sameValue } from '../events/diff-fields.ts';
import { recomputeGroupPermissions } from '../groups/recompute-group-permissions.ts';
import { migrateUser } from '../users/migrate-user.ts';
import { rederiveUsers, type RederiveResult } from '../users/rederive-users.ts';
import { BUILTIN_IAM_ID, type Iam } from '../model.ts';
import { parseInput } from '../rules/parse-input.ts';
import { firstFreeIamId, slugifyIamId } from '../rules/slugify-iam-id.ts';
import { assertOnlyOwnKind, kindKey, parseCreateIamInput, type CreateIamInput, type UpdateIamInput } from './iam-input.ts';
import { prepareKindConfig } from './iam-secrets.ts';
import { isScimTokenHash, servesScim } from './scim-token.ts';
import { iamSettingsSchema, type IamSettings } from './iam-settings.ts';

const SCIM_TOKEN_BYTES = 32;

/** IAM configuration use cases. */
export function createIamService(deps: RosterDeps) {
  const requireIam = async (id: string, load: (id: string) => Promise<Iam | null>): Promise<Iam> => {
    const iam = await load(id);
    if (!iam) throw new RosterError('IAM_NOT_FOUND', `No IAM with ID "${id}".`, { details: { iamId: id } });
    return iam;
  };
  const newScimToken = async () => {
    const token = `rscim_${deps.random.token(SCIM_TOKEN_BYTES)}`;
    return { token, hash: await deps.hasher.sha256(token) };
  };

  /** The IAM as `input` would leave it (validated, secrets sealed), SCIM aside. */
  const applyIamChanges = async (before: Iam, input: UpdateIamInput): Promise<Iam> => {
    assertOnlyOwnKind(before.type, input);
    const displayName = input.displayName?.trim();
    if (displayName === '')
      throw new RosterError('VALIDATION_FAILED', 'displayName cannot be empty.', { details: { field: 'displayName' } });
    // Settings merge one level deep: each given setting (a list, a mapping) replaces the stored one.
    const settings = parseInput(iamSettingsSchema, { ...before.settings, ...withoutUndefined(input.settings) }, 'IAM settings');
    const after: Iam = { ...before, displayName: displayName ?? before.displayName, enabled: input.enabled ?? before.enabled, settings };
    if (before.type === 'BUILTIN') return after;
    return { ...after, config: await prepareKindConfig(before.type, before.config, input[kindKey(before.type)], deps.secrets) } as Iam;
  };

  return {
    /**
     * The IAM as an update would leave it, without saving anything: what a "test user login" logs
     * in with before the admin saves the changes. Invalid input is refused like updateIam refuses it.
     */
    async previewIam(id: string, input: UpdateIamInput = {}): Promise<Iam> {
      if ('id' in input || 'type' in input) {
        throw new RosterError('IMMUTABLE_FIELD', "An IAM's ID and type never change; create a new IAM instead.", {
          details: { iamId: id },
        });
      }
      return applyIamChanges(await requireIam(id, (key) => deps.store.read((repos) => repos.iams.get(key))), input);
    },

    /** Creates the built-in IAM `bim` if it does not exist yet. Idempotent. */
    async ensureBuiltinIam(): Promise<Iam> {
      const existing = await deps.store.read((repos) => repos.iams.get(BUILTIN_IAM_ID));
      if (existing) return existing;
      return runChange<Iam>(deps, async (tx, record) => {
        const again = await tx.iams.lock(BUILTIN_IAM_ID);
        if (again) return again;
        const now = deps.clock.now();
        const iam: Iam = {
          id: BUILTIN_IAM_ID,
          displayName: 'Built-in',
          type: 'BUILTIN',
          config: {},
          enabled: true,
          settings: parseInput(iamSettingsSchema, {}, 'IAM settings'),
          scim: { enabled: false, tokenHash: null },
          createdAt: now,
          updatedAt: now,
        };
        await tx.iams.insert(iam);
        record({
          type: 'IAM_CREATED',
          iamId: iam.id,
          subjectType: 'IAM',
          subjectId: iam.id,
          data: { displayName: iam.displayName, type: iam.type },
        });
        return iam;
      }).catch(async (error: unknown) => {
        // Processes starting together on a fresh database race here (locking a row that does not
        // exist yet blocks nobody): the loser takes the winner's IAM.
        const winner = isRosterError(error, 'IAM_ID_TAKEN') ? await deps.store.read((repos) => repos.iams.get(BUILTIN_IAM_ID)) : null;
        if (!winner) throw error;
        return winner;
      });
    },

    /**
     * Creates an IAM. Its ID is the given one or derived from the display name (with a numeric
     * suffix on a clash); a given ID that is taken is an error. With SCIM enabled, the plaintext
     * SCIM token is returned this once; only its hash is stored.
     */
    async createIam(input: CreateIamInput): Promise<{ iam: Iam; scimToken: string | null }> {
      const { base, kindConfig, settings } = parseCreateIamInput(input);
      const config = await prepareKindConfig(base.type, {}, kindConfig, deps.secrets);
      const scim = base.scim.enabled ? await newScimToken() : null;
      return runChange(deps, async (tx, record) => {
        let id: string;
        if (base.id !== undefined) {
          if (await tx.iams.get(base.id))
            throw new RosterError('IAM_ID_TAKEN', `The IAM ID "${base.id}" is taken.`, { details: { iamId: base.id } });
          id = base.id;
        } else {
          const slug = slugifyIamId(base.displayName);
          id = firstFreeIamId(slug, new Set(await tx.iams.idsLike(slug)));
        }
        const now = deps.clock.now();
        const iam = {
          id,
          displayName: base.displayName,
          type: base.type,
          enabled: base.enabled,
          settings,
          config,
          scim: { enabled: scim !== null, tokenHash: scim?.hash ?? null },
          createdAt: now,
          updatedAt: now,
        } as Iam;
        await tx.iams.insert(iam);
        record({
          type: 'IAM_CREATED',
          iamId: id,
          subjectType: 'IAM',
          subjectId: id,
          data: { displayName: iam.displayName, type: iam.type, scimEnabled: iam.scim.enabled },
        });
        return { iam, scimToken: scim?.token ?? null };
      });
    },

    /**
     * Updates an IAM's display name, configuration and settings. The IAM ID never changes. When
     * SCIM is turned on, a new token is returned; turning it off forgets the token. When the
     * profile schema, the attribute schema or attribute sync changed, every user's profile fields
     * and attributes are then re-derived from their kept source attributes (see rederiveUsers),
     * page by page in transactions of their own, before this returns.
     */
    async updateIam(id: string, input: UpdateIamInput): Promise<{ iam: Iam; scimToken: string | null; rederived: RederiveResult | null }> {
      if ('id' in input || 'type' in input) {
        throw new RosterError('IMMUTABLE_FIELD', "An IAM's ID and type never change; create a new IAM instead.", {
          details: { iamId: id },
        });
      }
      const { iam, scimToken, before } = await runChange(deps, async (tx, record) => {
        const before = await requireIam(id, (key) => tx.iams.lock(key));
        let after = await applyIamChanges(before, input);
        let scimToken: string | null = null;
        if (input.scim !== undefined && input.scim.enabled !== before.scim.enabled) {
          if (input.scim.enabled && before.type !== 'SAML' && before.type !== 'OIDC') {
            throw new RosterError('VALIDATION_FAILED', 'SCIM provisioning is for SAML and OIDC IAMs.', {
              details: { field: 'scim.enabled' },
            });
          }
          const scim = input.scim.enabled ? await newScimToken() : null;
          scimToken = scim?.token ?? null;
          after = { ...after, scim: { enabled: scim !== null, tokenHash: scim?.hash ?? null } };
        }
        const changedFields = Object.keys(diffFields<Iam>(before, after, ['displayName', 'enabled', 'settings', 'config', 'scim']));
        if (changedFields.length === 0) return { iam: before, scimToken: null, before };
        after = { ...after, updatedAt: deps.clock.now() };
        await tx.iams.update(after);
        record({ type: 'IAM_UPDATED', iamId: id, subjectType: 'IAM', subjectId: id, data: { changedFields } });
        if (!sameValue(before.settings.groupPermissions, after.settings.groupPermissions)) {
          // Members keep exactly the permissions the new mapping gives their groups.
          await recomputeGroupPermissions({ tx, record, deps }, after, await tx.memberships.userIdsWithGroups(id));
        }
        return { iam: after, scimToken, before };
      });
      const rederived = derivationChanged(before.settings, iam.settings) ? await rederiveUsers(deps, id, before.settings) : null;
      return { iam, scimToken, rederived };
    },

    /**
     * Deletes an IAM and its groups; refused for the built-in IAM. While it has users it is refused
     * unless told what to do with them: migrate them to another IAM, or delete them. All or nothing.
     */
    async deleteIam(
      id: string,
      options: { readonly migrateUsersTo?: string | null; readonly deleteUsers?: boolean | null } = {},
    ): Promise<void> {
      if (id === BUILTIN_IAM_ID) throw new RosterError('BUILTIN_IAM_PROTECTED', 'The built-in IAM cannot be deleted.');
      await runChange(deps, async (tx, record) => {
        const iam = await requireIam(id, (key) => tx.iams.lock(key));
        const users = await tx.users.count(id);
        if (users > 0 && !options.migrateUsersTo && !options.deleteUsers) {
          throw new RosterError(
            'VALIDATION_FAILED',
            `IAM "${id}" still has ${users} users; migrate them (migrateUsersTo) or delete them (deleteUsers) with it.`,
            { details: { iamId: id, users } },
          );
        }
        const ctx = { tx, record, deps };
        for (
          let page = await tx.users.listPage(id, { limit: 500 });
          page.length > 0;
          page = await tx.users.listPage(id, { afterId: page.at(-1)!.id, limit: 500 })
        ) {
          for (const user of page) {
            if (options.migrateUsersTo) await migrateUser(ctx, user.id, options.migrateUsersTo);
            await tx.users.delete(user.id);
            record({ type: 'USER_DELETED', iamId: id, subjectType: 'USER', subjectId: user.id, data: { userName: user.userName } });
          }
        }
        await tx.iams.delete(id);
        record({ type: 'IAM_DELETED', iamId: id, subjectType: 'IAM', subjectId: id, data: { displayName: iam.displayName, users } });
      });
    },

    /** Replaces the IAM's SCIM token; the old one stops working at once. Returns the new plaintext. */
    async rotateScimToken(id: string): Promise<string> {
      const scim = await newScimToken();
      return runChange(deps, async (tx, record) => {
        const iam = await requireIam(id, (key) => tx.iams.lock(key));
        if (!iam.scim.enabled)
          throw new RosterError('VALIDATION_FAILED', `SCIM is not enabled on IAM "${id}".`, { details: { iamId: id } });
        await tx.iams.update({ ...iam, scim: { enabled: true, tokenHash: scim.hash }, updatedAt: deps.clock.now() });
        record({ type: 'SCIM_TOKEN_ROTATED', iamId: id, subjectType: 'IAM', subjectId: id, data: {} });
        return scim.token;
      });
    },

    /** The IAM whose SCIM endpoint `token` opens, or null: wrong token, SCIM off, IAM disabled. */
    async verifyScimToken(id: string, token: string): Promise<Iam | null> {
      const [iam, hash] = await Promise.all([deps.store.read((repos) => repos.iams.get(id)), deps.hasher.sha256(token)]);
      return servesScim(iam) && isScimTokenHash(iam, hash) ? iam : null;
    },

    getIam: (id: string): Promise<Iam> => deps.store.read((repos) => requireIam(id, (key) => repos.iams.get(key))),
    listIams: (): Promise<Iam[]> => deps.store.read((repos) => repos.iams.list()),
  };
}

/** The IAM use cases; see {@link createIamService}. */
export type IamService = ReturnType<typeof createIamService>;

/** Whether users' derived profile fields and attributes may differ under the new settings. */
function derivationChanged(before: IamSettings, after: IamSettings): boolean {
  return (
    !sameValue(before.profileSchema, after.profileSchema) ||
    !sameValue(before.attributeSchema, after.attributeSchema) ||
    before.syncAttributes !== after.syncAttributes
  );
}

function withoutUndefined(settings: unknown): Record<string, unknown> {
  if (typeof settings !== 'object' || settings === null) return {};
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
