import type { IamSettings } from './iam/iam-settings.ts';
import type { LdapConfig, OidcConfig, SamlConfig } from './iam/iam-config.ts';
import type { Permission } from './rules/permissions.ts';
import type { ProfileValues } from './rules/profile-mapping.ts';
import type { AttributeMap } from './rules/attribute-mapping.ts';
import type { SourceAttributes } from './rules/source-attributes.ts';

/** Kinds of identity manager. */
export type IamType = 'BUILTIN' | 'LDAP' | 'SAML' | 'OIDC';

/** The IAM ID of the built-in IAM, which always exists. */
export const BUILTIN_IAM_ID = 'bim';

interface IamBase {
  /** The IAM ID: derived from the display name at creation, never changed. */
  readonly id: string;
  readonly displayName: string;
  readonly enabled: boolean;
  readonly settings: IamSettings;
  /** SCIM provisioning: the bearer token is stored only as its SHA-256. */
  readonly scim: { readonly enabled: boolean; readonly tokenHash: string | null };
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/**
 * An identity manager. `config` is its kind's configuration; secret fields in it hold sealed
 * values (see SecretBox), never plaintext.
 */
export type Iam = IamBase &
  (
    | { readonly type: 'BUILTIN'; readonly config: Readonly<Record<string, never>> }
    | { readonly type: 'LDAP'; readonly config: LdapConfig }
    | { readonly type: 'SAML'; readonly config: SamlConfig }
    | { readonly type: 'OIDC'; readonly config: OidcConfig }
  );

/** How a user came to be: created by an admin, pushed over SCIM, synced from LDAP, or at SSO login. */
export type UserSource = 'ADMIN' | 'SCIM' | 'LDAP' | 'SSO';

/** One email address of a user. */
export interface Email {
  readonly value: string;
  readonly type: string | null;
  readonly primary: boolean;
}

/** A user of one IAM. Attributes are read separately (they can be many). */
export interface User {
  readonly id: string;
  readonly iamId: string;
  /** Unique per IAM, compared case-insensitively. */
  readonly userName: string;
  readonly externalId: string | null;
  /** The user's name in external data platforms; no two users of any IAMs share one. */
  readonly externalUsername: string | null;
  readonly active: boolean;
  /** Set when the IdP deprovisioned the user; the user is kept, deactivated, for audit. */
  readonly deprovisionedAt: Date | null;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly emails: readonly Email[];
  /** Profile fields other than the name and email columns. */
  readonly profile: Omit<ProfileValues, 'displayName' | 'givenName' | 'familyName' | 'email'>;
  readonly source: UserSource;
  /**
   * What the IdP last sent for the user, as it sent it, secrets removed: the SCIM resource
   * (without password, id, meta, groups), the LDAP entry's attributes, or the SAML assertion's
   * attributes / OIDC claims. Profile fields and mapped attributes are derived from it; `{}` when
   * nothing was kept (users an administrator made, users stored before Roster kept sources).
   */
  readonly sourceAttributes: SourceAttributes;
  /** Granted directly, including the IAM's default permissions at creation. */
  readonly permissions: readonly Permission[];
  /** Derived from group memberships through the IAM's group permissions. */
  readonly groupPermissions: readonly Permission[];
  /** Increases with every change: SCIM ETags and optimistic concurrency. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A group of one IAM; displayName is unique per IAM, compared case-insensitively. */
export interface Group {
  readonly id: string;
  readonly iamId: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A user with its attributes. */
export type UserWithAttributes = User & { readonly attributes: AttributeMap };

/** Sync run modes, triggers and statuses. */
export type SyncMode = 'FULL' | 'DELTA';
export type SyncTrigger = 'SCHEDULE' | 'MANUAL' | 'API';
export type SyncStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Counters a sync run reports. */
export interface SyncCounts {
  readonly usersCreated: number;
  readonly usersUpdated: number;
  readonly usersDeactivated: number;
  readonly usersReactivated: number;
  readonly usersUnchanged: number;
  readonly groupsCreated: number;
  readonly groupsUpdated: number;
  readonly groupsDeleted: number;
  readonly groupsUnchanged: number;
  /**
   * Active Directory: the highest `uSNChanged` the run saw (a decimal string: USNs are 64-bit).
   * The next delta run reads entries with `uSNChanged` above it instead of using timestamps.
   */
  readonly highestUsnChanged?: string;
}

/**
 * Why a sync run failed: a stable code when the failure has one (a RosterErrorCode, a directory
 * failure such as `CONNECTION_FAILED`, `SAFETY_LIMIT`), null when it has none (an unexpected
 * error, a run cut off), and a message for a directory administrator, never a secret.
 */
export interface SyncFailure {
  readonly code: string | null;
  readonly message: string;
}

/** One run of a directory sync. */
export interface SyncRun {
  readonly id: string;
  readonly iamId: string;
  readonly mode: SyncMode;
  readonly trigger: SyncTrigger;
  readonly status: SyncStatus;
  readonly counts: SyncCounts;
  /** FAILED runs: the failure as one line, `CODE: message` (the message alone without a code). See {@link formatSyncFailure}. */
  readonly error: string | null;
  /**
   * FAILED runs: the failure's code and message apart, as stored. Optional so that a run written
   * out by hand may leave it off; every run the store returns has it.
   */
  readonly failure?: SyncFailure | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  /** Last sign of life of the process running it. */
  readonly heartbeatAt: Date;
}

/** An API token; only its hash is stored. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/** A login session; the token is stored only as its hash. */
export interface Session {
  readonly id: string;
  readonly tokenHash: string;
  readonly userId: string;
  readonly iamId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** Absolute end. */
  readonly expiresAt: Date;
  /** Ends after this long without use. */
  readonly idleTimeoutSeconds: number;
  readonly endedAt: Date | null;
  /** SAML only: the NameID and SessionIndex the IdP logged the user in with (for single logout). */
  readonly ssoNameId?: string | null;
  readonly ssoSessionIndex?: string | null;
}
