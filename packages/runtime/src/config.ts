import { resolve } from 'node:path';
import { z } from 'zod';

/** What SECRET_KEY must be; also said of a key file that is not. */
export const SECRET_KEY_RULE = 'must be 32 bytes, base64-encoded (openssl rand -base64 32)';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What one process serves: the GraphQL API, SCIM, SSO login, and the background worker (scheduled LDAP syncs). */
export const ROLES = ['graphql', 'scim', 'sso', 'worker'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

const urlWith = (protocols: readonly string[], example: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL like ${example}`);

const seconds = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be between 1 and 86400 (seconds)')
    .max(86_400, 'must be between 1 and 86400 (seconds)')
    .default(fallback);

const envSchema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65_535, 'must be between 0 and 65535')
      .default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/roster').optional(),
    REDIS_URL: urlWith(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
    PUBLIC_URL: urlWith(['http:', 'https:'], 'https://roster.example.com').optional(),
    ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random token)').optional(),
    METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (use a random token)').optional(),
    SECRET_KEY: z.string().refine(isSecretKey, SECRET_KEY_RULE).optional(),
    CORS_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin !== ''),
      )
      .refine(
        (origins) => origins.every(isOrigin),
        'must be a comma list of origins like https://app.example.com (scheme, host and port only)',
      )
      .optional(),
    SUBSCRIBER_BUFFER_LIMIT: z.coerce
      .number({ error: 'must be a number of events' })
      .int('must be a whole number of events')
      .min(1, 'must be at least 1')
      .max(1_000_000, 'must be at most 1000000')
      .default(1_000),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    SHUTDOWN_GRACE_MS: z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be between 100 and 600000 (milliseconds)')
      .max(600_000, 'must be between 100 and 600000 (milliseconds)')
      .default(10_000),
    ROSTER_ROLES: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((role) => role.trim())
          .filter((role) => role !== ''),
      )
      .refine((roles) => roles.length > 0 && roles.every((role) => (ROLES as readonly string[]).includes(role)), {
        message: `must be a comma list of ${ROLES.join(', ')}`,
      })
      .optional(),
    NODE_ENV: z.string().optional(),
    JOB_CONCURRENCY: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100')
      .default(4),
    LDAP_SYNC_TICK_SECONDS: seconds(30),
    LDAP_SYNC_HEARTBEAT_SECONDS: seconds(30),
    LDAP_SYNC_STALE_AFTER_SECONDS: seconds(120),
    LDAP_SYNC_RETRY_BASE_SECONDS: seconds(60),
    WEBHOOK_DENY_PRIVATE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
    WEBHOOK_RETRY_SCHEDULE_SECONDS: z
      .string()
      .transform((value) => value.split(',').map((part) => Number(part.trim())))
      .refine(
        (delays) =>
          delays.length >= 1 && delays.length <= 20 && delays.every((delay) => Number.isFinite(delay) && delay >= 0 && delay <= 86_400),
        {
          message: 'must be a comma list of 1 to 20 delays in seconds (0 to 86400), the first try first: 0,5,300,1800',
        },
      )
      .optional(),
    WEBHOOK_DISABLE_AFTER_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds' })
      .min(1, 'must be at least 1 (second)')
      .max(90 * 86_400, 'must be at most 7776000 (90 days)')
      .default(5 * 86_400),
    WEBHOOK_LEASE_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(2, 'must be between 2 and 3600 (seconds)')
      .max(3600, 'must be between 2 and 3600 (seconds)')
      .default(60),
    WEBHOOK_TIMEOUT_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds' })
      .min(0.1, 'must be between 0.1 and 60 (seconds)')
      .max(60, 'must be between 0.1 and 60 (seconds)')
      .default(15),
  })
  .refine((env) => env.LDAP_SYNC_HEARTBEAT_SECONDS * 2 <= env.LDAP_SYNC_STALE_AFTER_SECONDS, {
    message: 'must be at least twice LDAP_SYNC_HEARTBEAT_SECONDS, or live runs are failed as cut off',
    path: ['LDAP_SYNC_STALE_AFTER_SECONDS'],
  })
  .refine((env) => env.WEBHOOK_LEASE_SECONDS > env.WEBHOOK_TIMEOUT_SECONDS, {
    message: 'must be longer than WEBHOOK_TIMEOUT_SECONDS, or a slow try outlives its lease',
    path: ['WEBHOOK_LEASE_SECONDS'],
  });

/**
 * Exactly 32 bytes in standard base64 (padding optional). Checked on the text, because Node's
 * base64 decoder skips characters it does not know: a typo would otherwise seal with another key.
 */
export function isSecretKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=?$/.test(value.trim()) && Buffer.from(value, 'base64').length === 32;
}

/** An origin as browsers send it: `scheme://host[:port]`, nothing more (and no `*`). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Roster's configuration, read from the environment: the same for every entry point and role. */
export interface RosterConfig {
  /** The address to listen on (`0.0.0.0`: every IPv4 interface; `::` for IPv6 too; `127.0.0.1`: this machine only). */
  readonly host: string;
  readonly port: number;
  /** The PGlite data folder and the key file's home (`memory://` for an in-memory database and key). */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly publicUrl: string;
  readonly adminToken: string | undefined;
  /** When set, GET /metrics wants it as a bearer token. */
  readonly metricsToken: string | undefined;
  readonly secretKey: string | undefined;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /**
   * How long a stop may take, from SIGTERM/SIGINT to exit: in-flight requests get three quarters
   * of it, closing the database the rest; then the process exits regardless (code 1).
   */
  readonly shutdownGraceMs: number;
  /** Browser origins allowed to call GraphQL with credentials (CORS); none by default. */
  readonly corsOrigins: readonly string[];
  /** Events held for a subscription that is not taking them, before it is moved to catch-up reads from the log. */
  readonly subscriberBufferLimit: number;
  /** Serve GraphiQL at /graphql to browsers: on unless NODE_ENV=production. */
  readonly graphiql: boolean;
  /** What this process serves (ROSTER_ROLES); every role by default. */
  readonly roles: ReadonlySet<Role>;
  /** How the worker role runs its jobs. */
  readonly jobs: JobSettings;
  /** How webhooks are delivered. */
  readonly webhooks: WebhookSettings;
}

/** How webhooks are delivered (the worker role) and which URLs they may have. */
export interface WebhookSettings {
  /** Refuse private, loopback and unique-local addresses too (WEBHOOK_DENY_PRIVATE=true); link-local and metadata ones always are. */
  readonly denyPrivate: boolean;
  /** Delay before each try of one event (WEBHOOK_RETRY_SCHEDULE_SECONDS); core's Svix-like default when unset. */
  readonly retryScheduleMs: readonly number[] | undefined;
  /** An endpoint failing every try this long is disabled (WEBHOOK_DISABLE_AFTER_SECONDS, default 5 days). */
  readonly disableAfterMs: number;
  /** A try without a complete answer in this time fails (WEBHOOK_TIMEOUT_SECONDS, default 15). */
  readonly timeoutMs: number;
  /** How long a worker's hold on an endpoint lasts without a sign of life (WEBHOOK_LEASE_SECONDS, default 60): a dead worker's endpoints wait this long. */
  readonly leaseMs: number;
}

/** How the worker role runs its jobs (scheduled LDAP syncs, their runs, cut-off checks). */
export interface JobSettings {
  /** Jobs one worker process runs at once, per job name (JOB_CONCURRENCY). */
  readonly concurrency: number;
  /** How often sync schedules are checked (LDAP_SYNC_TICK_SECONDS). */
  readonly tickMs: number;
  /** How often a running sync says it is alive (LDAP_SYNC_HEARTBEAT_SECONDS). */
  readonly heartbeatMs: number;
  /** A running sync without a heartbeat for this long is failed as cut off (LDAP_SYNC_STALE_AFTER_SECONDS). */
  readonly staleAfterMs: number;
  /** First retry delay after a failed scheduled sync, doubling per failure, at most an hour (LDAP_SYNC_RETRY_BASE_SECONDS). */
  readonly retryBaseMs: number;
}

/** A configuration the operator has to fix; its one-line message names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * The folder a relative DATA_DIR is relative to; kept as given when unset. (`npm run` runs a
   * workspace's script inside the workspace: the CLI passes INIT_CWD, where the command was typed.)
   */
  readonly cwd?: string | undefined;
}

/**
 * Reads and validates the configuration. Empty variables count as unset. Throws a ConfigError
 * naming every bad variable with what it must be, on one line (never echoing secret values).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): RosterConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env_ = result.data;
  return {
    host: env_.HOST,
    port: env_.PORT,
    dataDir: options.cwd && !env_.DATA_DIR.startsWith('memory://') ? resolve(options.cwd, env_.DATA_DIR) : env_.DATA_DIR,
    databaseUrl: env_.DATABASE_URL,
    redisUrl: env_.REDIS_URL,
    publicUrl: (env_.PUBLIC_URL ?? `http://localhost:${env_.PORT}`).replace(/\/+$/, ''),
    adminToken: env_.ADMIN_TOKEN,
    metricsToken: env_.METRICS_TOKEN,
    secretKey: env_.SECRET_KEY,
    logLevel: env_.LOG_LEVEL,
    shutdownGraceMs: env_.SHUTDOWN_GRACE_MS,
    corsOrigins: env_.CORS_ORIGINS ?? [],
    subscriberBufferLimit: env_.SUBSCRIBER_BUFFER_LIMIT,
    graphiql: env_.NODE_ENV !== 'production',
    roles: new Set((env_.ROSTER_ROLES ?? ROLES) as readonly Role[]),
    jobs: {
      concurrency: env_.JOB_CONCURRENCY,
      tickMs: env_.LDAP_SYNC_TICK_SECONDS * 1_000,
      heartbeatMs: env_.LDAP_SYNC_HEARTBEAT_SECONDS * 1_000,
      staleAfterMs: env_.LDAP_SYNC_STALE_AFTER_SECONDS * 1_000,
      retryBaseMs: env_.LDAP_SYNC_RETRY_BASE_SECONDS * 1_000,
    },
    webhooks: {
      denyPrivate: env_.WEBHOOK_DENY_PRIVATE === 'true',
      retryScheduleMs: env_.WEBHOOK_RETRY_SCHEDULE_SECONDS?.map((delay) => Math.round(delay * 1000)),
      disableAfterMs: env_.WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
      timeoutMs: Math.round(env_.WEBHOOK_TIMEOUT_SECONDS * 1000),
      leaseMs: env_.WEBHOOK_LEASE_SECONDS * 1000,
    },
  };
}
