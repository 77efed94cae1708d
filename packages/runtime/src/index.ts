/** @roster/runtime: how every Roster process on Node.js starts (server, every role, the CLI). */
export {
  loadConfig,
  ConfigError,
  ROLES,
  type JobSettings,
  type WebhookSettings,
  type LoadConfigOptions,
  type Role,
  type RosterConfig,
} from './config.ts';
export { loadSecretKey, type SecretKey } from './secret-key.ts';
export { createLogger, createStdoutDestination, REDACTED_PATHS, type Logger, type StdoutDestination } from './logger.ts';
export { openNotifier, type OpenedNotifier } from './open-notifier.ts';
export { createDomain, type Domain, type DomainOptions } from './create-domain.ts';
export { openRoster, type OpenedRoster } from './open-roster.ts';
export { openJobQueue } from './open-job-queue.ts';
