import { z } from 'zod';
import { ConfigError } from './config.ts';

// The worker role's settings. Read here, apart from config.ts, while the configuration moves into
// packages/runtime; they belong there once it has landed.
const seconds = (fallback: number) => z.coerce.number({ error: 'must be a number of seconds' }).int().min(1).max(86_400).default(fallback);
const schema = z
  .object({
    JOB_CONCURRENCY: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).default(4),
    LDAP_SYNC_TICK_SECONDS: seconds(30),
    LDAP_SYNC_HEARTBEAT_SECONDS: seconds(30),
    LDAP_SYNC_STALE_AFTER_SECONDS: seconds(120),
    LDAP_SYNC_RETRY_BASE_SECONDS: seconds(60),
  })
  .refine((env) => env.LDAP_SYNC_HEARTBEAT_SECONDS * 2 <= env.LDAP_SYNC_STALE_AFTER_SECONDS, {
    message: 'must be at least twice LDAP_SYNC_HEARTBEAT_SECONDS, or live runs are failed as cut off',
    path: ['LDAP_SYNC_STALE_AFTER_SECONDS'],
  });

/** How the worker role runs its jobs. */
export interface JobSettings {
  /** Jobs one worker process runs at once, per job name (syncs of several IAMs, later deliveries). */
  readonly concurrency: number;
  /** How often sync schedules are checked. */
  readonly tickMs: number;
  readonly heartbeatMs: number;
  /** A running sync without a heartbeat for this long is failed as cut off. */
  readonly staleAfterMs: number;
  /** First retry delay after a failed scheduled sync (doubling per failure, at most an hour). */
  readonly retryBaseMs: number;
}

/** Reads the worker role's settings from the environment (empty counts as unset); throws a ConfigError. */
export function loadJobSettings(env: Readonly<Record<string, string | undefined>>): JobSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  return {
    concurrency: parsed.JOB_CONCURRENCY,
    tickMs: parsed.LDAP_SYNC_TICK_SECONDS * 1_000,
    heartbeatMs: parsed.LDAP_SYNC_HEARTBEAT_SECONDS * 1_000,
    staleAfterMs: parsed.LDAP_SYNC_STALE_AFTER_SECONDS * 1_000,
    retryBaseMs: parsed.LDAP_SYNC_RETRY_BASE_SECONDS * 1_000,
  };
}
