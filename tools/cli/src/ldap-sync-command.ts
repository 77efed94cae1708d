import { isRosterError, type SyncCounts, type SyncRun } from '@roster/core';
import { createLdapSyncWorker } from '@roster/ldap-sync';
import { openRosterFromEnv } from '@roster/ldap-sync/standalone';
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
  let opened;
  try {
    opened = await openRosterFromEnv(command.env);
  } catch (error) {
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
