import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { FanoutCommand, FanoutReport } from './fanout-clients.ts';
import { percentiles } from './load.ts';

/** Delays of live events over every subscriber: from the commit, and from the start of the write call. */
export interface FanoutResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly fromCall: { readonly p50Ms: number; readonly p99Ms: number };
  readonly delivered: number;
  readonly expected: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens `subscribers` graphql-ws subscriptions from a separate process and waits until each is
 * live (warm-up commits until every one has received an event). Then makes `commits` commits
 * `spacingMs` apart, each resolving with its subject's id once committed, and measures from each
 * commit (and from the start of each write call) to each delivery.
 */
export async function measureFanout(options: {
  url: string;
  token: string;
  subscribers: number;
  commits: number;
  spacingMs: number;
  commit: () => Promise<string>;
  /** Called once every subscription is live, before the measured commits (to start a profiler). */
  onLive?: () => Promise<void>;
}): Promise<FanoutResult> {
  const child = fork(new URL('./fanout-clients.ts', import.meta.url), { execArgv: process.execArgv, stdio: 'inherit' });
  const exited = once(child, 'exit');
  const reports: FanoutReport[] = [];
  child.on('message', (report: FanoutReport) => reports.push(report));
  const report = (kind: FanoutReport['kind']) => {
    const failed = reports.find((r) => r.kind === 'failed');
    if (failed) throw new Error(`A subscriber failed: ${failed.kind === 'failed' ? failed.message : ''}`);
    return reports.find((r) => r.kind === kind);
  };
  const command = (message: FanoutCommand) => child.send(message);
  try {
    command({ kind: 'start', url: options.url, token: options.token, subscribers: options.subscribers });
    while (!report('live')) {
      await options.commit();
      await sleep(250);
    }
    await sleep(500);
    await options.onLive?.();
    const now = () => performance.timeOrigin + performance.now();
    const started = new Map<string, { call: number; commit: number }>();
    for (let i = 0; i < options.commits; i += 1) {
      const call = now();
      // The write call resolves right after its transaction commits (and the notifier is told).
      const id = await options.commit();
      started.set(id, { call, commit: now() });
      await sleep(options.spacingMs);
    }
    await sleep(1_000);
    command({ kind: 'finish' });
    while (!report('receipts')) await sleep(50);
    const receipts = report('receipts');
    const delivered = (receipts?.kind === 'receipts' ? receipts.receipts : []).flatMap(([subjectId, at]) => {
      const t = started.get(subjectId);
      return t === undefined ? [] : [{ fromCommit: at - t.commit, fromCall: at - t.call }];
    });
    return {
      ...percentiles(delivered.map((d) => d.fromCommit)),
      fromCall: percentiles(delivered.map((d) => d.fromCall)),
      delivered: delivered.length,
      expected: options.commits * options.subscribers,
    };
  } finally {
    if (child.exitCode === null) child.kill();
    await exited;
  }
}
