/**
 * Webhook deliveries on the machine's PostgreSQL, as the worker role runs them, to a receiver in
 * another process on loopback, with 1, 10 and 100 endpoints (each wants every USER_CREATED):
 *
 * - deliveries/s: a backlog of creates committed before the worker starts; deliveries from its
 *   start to the last arrival;
 * - commit-to-delivery p50/p99: creates committed at a steady pace, half the rate the burst
 *   reached, so the latency is Roster's and not a backlog's;
 * - the ceiling, in the same run: the same HTTP client (the worker's sender: undici, signing)
 *   posting the same bodies to the same receiver with the same concurrency (one ordered stream
 *   per endpoint), without the database.
 *
 * Targets (issue 14): deliveries/s >= 0.5 of the ceiling, p99 < 1 s at 100 endpoints.
 * `npm run bench -w @roster/webhooks`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { Iam, WebhookEndpoint } from '@roster/core';
import { createPostgresTestDatabase, createTestRoster, type TestRoster } from '@roster/db/testing';
import { eventBody } from '../webhook-body.ts';
import { createWebhookSender } from '../send-webhook.ts';
import { createWebhookWorker } from '../webhook-worker.ts';

const ROWS = [
  { endpoints: 1, burst: 1_000 },
  { endpoints: 10, burst: 200 },
  { endpoints: 100, burst: 30 },
] as const;
const PACED_MS = 3_000;

interface Row {
  endpoints: number;
  deliveries: number;
  perSecond: number;
  ceiling: number;
  p50: number;
  p99: number;
}

const receiver = spawn(process.execPath, [fileURLToPath(new URL('./bench-receiver.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = Number(await new Promise<string>((resolve) => createInterface({ input: receiver.stdout }).once('line', resolve)));
const base = `http://127.0.0.1:${port}`;
const arrivals = async () => (await (await fetch(`${base}/arrivals`)).json()) as [string, string, number][];
const until = async (check: () => Promise<boolean>, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for deliveries');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const db = await createPostgresTestDatabase();
const roster = await createTestRoster(db);
const { iam } = await roster.createIam({ displayName: 'Bench', type: 'SAML', scim: { enabled: true } });
let made = 0;

/** Commits `count` creates, `perTransaction` at a time, `gapMs` apart; returns each user's commit instant. */
async function commitCreates(target: TestRoster, into: Iam, count: number, gapMs = 0): Promise<Map<string, number>> {
  const committed = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const user = await target.createUser(
      into.id,
      { userName: `bench${++made}@example.com`, emails: [{ value: `bench${made}@example.com`, primary: true }] },
      'SCIM',
    );
    committed.set(user.id, performance.timeOrigin + performance.now());
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return committed;
}

/** Arrivals of deliveries, joined to the commit instants of their events. */
async function collect(expected: number, committed: Map<string, number>, fromSeq: number) {
  const got: [string, string, number][] = [];
  await until(async () => (got.push(...(await arrivals())), got.length >= expected));
  const events = await roster.events.readAfter({ after: fromSeq, types: ['USER_CREATED'], limit: 100_000 });
  const commitOfSeq = new Map(events.map((event) => [event.seq, committed.get(event.subjectId)]));
  const latencies = got.map(([, id, at]) => at - (commitOfSeq.get(Number(id.replace('msg_evt_', ''))) ?? Number.NaN));
  return { got, latencies };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const rows: Row[] = [];
for (const { endpoints: count, burst } of ROWS) {
  const endpoints: WebhookEndpoint[] = [];
  for (let i = 0; i < count; i++)
    endpoints.push((await roster.createWebhookEndpoint({ url: `${base}/e${i}`, types: ['USER_CREATED'] })).endpoint);
  // Backlog.
  const before = await roster.events.lastSeq();
  const burstCommits = await commitCreates(roster, iam, burst);
  const worker = createWebhookWorker({ roster, pollMs: 1_000 });
  const started = performance.timeOrigin + performance.now();
  await worker.start();
  const { got } = await collect(burst * count, burstCommits, before);
  const perSecond = (burst * count) / ((Math.max(...got.map(([, , at]) => at)) - started) / 1000);

  // Paced, at half the burst's rate.
  const rate = (perSecond / count) * 0.5;
  const paced = Math.max(5, Math.round((rate * PACED_MS) / 1000));
  const pacedFrom = await roster.events.lastSeq();
  const pacedCommits = await commitCreates(roster, iam, paced, 1000 / rate);
  const { latencies } = await collect(paced * count, pacedCommits, pacedFrom);
  const sorted = latencies.sort((a, b) => a - b);
  await worker.stop();

  // Ceiling: the same sender, the same bodies, one ordered stream per endpoint, no database.
  const events = await roster.events.readAfter({ after: before, types: ['USER_CREATED'], limit: burst, subjects: true });
  const bodies = events.map((event) => ({ id: `msg_evt_${event.seq}`, body: eventBody(event) }));
  const secrets = await Promise.all(endpoints.map((endpoint) => roster.webhookDelivery.signingSecrets(endpoint)));
  const sender = createWebhookSender({ policy: roster.webhookDelivery.addressPolicy });
  const ceilingStarted = performance.now();
  await Promise.all(
    endpoints.map(async (endpoint, i) => {
      for (const { id, body } of bodies) await sender.send({ url: endpoint.url, messageId: id, body, secrets: secrets[i]! });
    }),
  );
  const ceiling = (bodies.length * count) / ((performance.now() - ceilingStarted) / 1000);
  await sender.close();
  await arrivals();

  rows.push({
    endpoints: count,
    deliveries: burst * count,
    perSecond,
    ceiling,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  });
  for (const endpoint of endpoints) await roster.deleteWebhookEndpoint(endpoint.id);
}

receiver.kill('SIGTERM');
await db.close();

const line = (cells: readonly (string | number)[], widths: readonly number[]) =>
  cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join('  ');
const widths = [9, 10, 10, 10, 8, 7, 7, 9, 5];
console.log(
  '\nWebhook deliveries on PostgreSQL to a receiver process on loopback (ratio = deliveries/s / ceiling, target >= 0.5; p99 ratio = 1 s / p99, target >= 1 at 100 endpoints; "meets" >= 1.00)',
);
console.log(line(['endpoints', 'deliveries', 'roster/s', 'ceiling/s', 'ratio', 'p50 ms', 'p99 ms', 'p99 ratio', 'meets'], widths));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) {
  const ratio = row.perSecond / row.ceiling;
  const p99Ratio = 1000 / row.p99;
  const meets = Math.min(ratio / 0.5, row.endpoints === 100 ? p99Ratio : Number.POSITIVE_INFINITY);
  console.log(
    line(
      [
        row.endpoints,
        row.deliveries,
        Math.round(row.perSecond),
        Math.round(row.ceiling),
        ratio.toFixed(2),
        row.p50.toFixed(1),
        row.p99.toFixed(1),
        p99Ratio.toFixed(2),
        meets.toFixed(2),
      ],
      widths,
    ),
  );
}
