import { isRosterError, type SyncCounts, type SyncRun } from '@roster/core';
import { createLdapSyncWorker } from '@roster/ldap-sync';
import { ConfigError, createLogger, loadConfig, openRoster, type OpenedRoster } from '@roster/runtime';
import cliProgress from 'cli-progress';

/** Options of `ldap sync`. */
export interface LdapSyncCommand {
  readonly iamId: string;
  readonly full: boolean;
  readonly force: boolean;
  /** Where the database and key come from (default: the process environment). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs one sync of an LDAP IAM in this process with a progress bar, prints the final counts, and
 * returns the exit code (0 succeeded, 1 failed or refused).
 */
export async function ldapSync(command: LdapSyncCommand, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let opened: OpenedRoster;
  try {
    opened = await openFromEnv(command.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`roster: ${error.message}\n`);
      return 1;
    }
    // DATA_DIR_LOCKED above all: the server is running on that data folder.
    if (!isRosterError(error)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
  try {
    const estimate = Math.max(1, await opened.roster.read((repos) => repos.users.count(command.iamId)));
    const bar = new cliProgress.SingleBar(
      {
        format: '{phase} [{bar}] {value} entries | created {created} updated {updated} unchanged {unchanged} deactivated {deactivated}',
        stream: out,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const worker = createLdapSyncWorker({ roster: opened.roster });
    let started;
    try {
      started = await worker.runNow(command.iamId, {
        mode: command.full ? 'FULL' : 'DELTA',
        trigger: 'MANUAL',
        force: command.force,
        onProgress: (run, progress) => {
          if (progress.entries > bar.getTotal()) bar.setTotal(progress.entries);
          bar.update(progress.entries, { phase: progress.phase, ...payload(run.counts) });
        },
      });
    } catch (error) {
      if (!isRosterError(error)) throw error;
      process.stderr.write(`${error.code}: ${error.message}\n`);
      return 1;
    }
    bar.start(estimate, 0, { phase: 'connecting', ...payload(started.run.counts) });
    const run = await started.finished;
    bar.update(bar.getProgress() * bar.getTotal(), { phase: 'done', ...payload(run.counts) });
    bar.stop();
    out.write(summary(run));
    return run.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await opened.close();
  }
}

/**
 * Roster opened the way `npm start` opens it (same variables, same key, same migrations). A
 * relative DATA_DIR is relative to where `npm run cli` was typed (INIT_CWD), as for `npm start`.
 * Log lines go to stderr, warnings and worse unless LOG_LEVEL says otherwise; a manual sync may
 * hold a transaction for up to five minutes (a large directory's page on a slow database).
 */
function openFromEnv(env: NodeJS.ProcessEnv): Promise<OpenedRoster> {
  const config = loadConfig(env, { cwd: env['INIT_CWD'] ?? process.cwd() });
  const logger = createLogger(env['LOG_LEVEL'] ? config.logLevel : 'warn', process.stderr);
  return openRoster(config, { logger, transactionTimeoutMs: 300_000 });
}

function payload(counts: SyncCounts) {
  return {
    created: counts.usersCreated,
    updated: counts.usersUpdated,
    unchanged: counts.usersUnchanged,
    deactivated: counts.usersDeactivated,
  };
}

/** The final report: status, duration and every counter. */
export function summary(run: SyncRun): string {
  const seconds = ((run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 1_000;
  const rows = Object.entries(run.counts).map(([name, value]) => `  ${name.padEnd(18)} ${value}`);
  return [
    `${run.mode} sync of ${run.iamId}: ${run.status} in ${seconds.toFixed(1)} s (run ${run.id})`,
    ...rows,
    ...(run.error ? [`  error: ${run.error}`] : []),
    '',
  ].join('\n');
}
