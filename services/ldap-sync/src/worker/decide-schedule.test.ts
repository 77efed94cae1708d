import { describe, expect, it } from 'vitest';
import { ldapConfigSchema, ZERO_SYNC_COUNTS, type SyncRun } from '@roster/core';
import { chooseMode, decideScheduledRun, deltaSince, deltaSinceUsn } from './decide-schedule.ts';

const config = ldapConfigSchema.parse({ sync: { enabled: true, schedule: '0 * * * *', fullSyncIntervalHours: 24 } });
const retry = { baseMs: 60_000, maxMs: 3_600_000 };
const at = (iso: string) => new Date(`2026-11-23T${iso}Z`);
const run = (startedAt: string, status: SyncRun['status'], mode: SyncRun['mode'] = 'FULL'): SyncRun => ({
  id: startedAt,
  iamId: 'ldap',
  mode,
  trigger: 'SCHEDULE',
  status,
  counts: ZERO_SYNC_COUNTS,
  error: null,
  startedAt: at(startedAt),
  finishedAt: status === 'RUNNING' ? null : at(startedAt),
  heartbeatAt: at(startedAt),
});

describe('decideScheduledRun', () => {
  it('runs a full sync at once when the IAM never synced', () => {
    expect(decideScheduledRun(config, [], at('10:17:00'), retry)).toBe('FULL');
  });

  it('waits for the next cron tick after the last run, then runs a delta within the full-sync interval', () => {
    const recent = [run('10:00:05', 'SUCCEEDED')];
    expect(decideScheduledRun(config, recent, at('10:59:59'), retry)).toBeNull();
    expect(decideScheduledRun(config, recent, at('11:00:00'), retry)).toBe('DELTA');
  });

  it('runs a full sync once the last successful full sync is older than the interval', () => {
    expect(chooseMode(config, [run('10:00:00', 'SUCCEEDED', 'DELTA')], at('11:00:00'))).toBe('FULL');
    expect(chooseMode(config, [run('00:00:00', 'SUCCEEDED')], at('23:59:00'))).toBe('DELTA');
  });

  it('retries failures with a doubling backoff, capped', () => {
    const one = [run('10:00:00', 'FAILED'), run('09:00:00', 'SUCCEEDED')];
    expect(decideScheduledRun(config, one, at('10:00:59'), retry)).toBeNull();
    expect(decideScheduledRun(config, one, at('10:01:00'), retry)).toBe('DELTA');
    const three = [run('10:10:00', 'FAILED'), run('10:05:00', 'FAILED'), run('10:00:00', 'FAILED'), run('09:00:00', 'SUCCEEDED')];
    expect(decideScheduledRun(config, three, at('10:13:59'), retry)).toBeNull();
    expect(decideScheduledRun(config, three, at('10:14:00'), retry)).toBe('DELTA');
    const many = Array.from({ length: 20 }, (_, i) =>
      run(`0${Math.floor(i / 6)}:${String((i % 6) * 10).padStart(2, '0')}:00`, 'FAILED'),
    ).reverse();
    expect(decideScheduledRun(config, many, new Date(many[0]!.startedAt.getTime() + 3_600_000), retry)).toBe('FULL');
  });

  it('delta runs start from the last successful run, less the overlap', () => {
    expect(deltaSince([run('10:00:00', 'FAILED'), run('09:00:00', 'SUCCEEDED')], 60_000)).toEqual(at('08:59:00'));
    expect(deltaSince([run('10:00:00', 'FAILED')], 0)).toBeNull();
  });
});

describe('deltaSinceUsn', () => {
  it('asks for uSNChanged one above the highest the last successful run saw, and nothing without one', () => {
    const withUsn = (r: SyncRun, usn: string): SyncRun => ({ ...r, counts: { ...r.counts, highestUsnChanged: usn } });
    expect(deltaSinceUsn([withUsn(run('10:00:00', 'FAILED'), '99'), withUsn(run('09:00:00', 'SUCCEEDED'), '18446744073709551615')])).toBe(
      18446744073709551616n,
    );
    expect(deltaSinceUsn([run('09:00:00', 'SUCCEEDED'), withUsn(run('08:00:00', 'SUCCEEDED'), '5')])).toBeNull();
    expect(deltaSinceUsn([])).toBeNull();
  });
});
