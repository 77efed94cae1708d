import { batchWhileBusy, type EventType, type WebhookDeliveryStore, type WebhookEndpoint } from '@roster/core';

type SettleRequest = Parameters<WebhookDeliveryStore['settle']>[0];
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';

const { sql } = Prisma;

// The endpoint's columns as the drivers can read them: int8 as text, the enum array as text[].
const ENDPOINT_COLUMNS = sql`e.id::text, e.url, e.description, e."iamId", e.types::text[] AS types, e."excludeOrigins", e.enabled,
  e."disabledReason", e.secret, e."previousSecret", e."previousSecretUntil", e.cursor::text AS cursor, e."failedAttempts",
  e."retryAt", e."failingSince", e."createdAt", e."updatedAt"`;

/**
 * Inserts the tries `a` of `source` (JSON documents of core's WebhookDelivery), skipping those of
 * an endpoint deleted meanwhile: the one statement shape of both a settle's tries and a ping's.
 */
const insertAttempts = (source: Prisma.Sql) => sql`
  INSERT INTO "WebhookDelivery" (id, "endpointId", "messageId", "eventSeq", type, attempt, "attemptedAt", status, "durationMs", error, response)
  SELECT (a->>'id')::uuid, (a->>'endpointId')::uuid, a->>'messageId', (a->>'eventSeq')::bigint, a->>'type', (a->>'attempt')::int,
    (a->>'attemptedAt')::timestamptz, (a->>'status')::int, (a->>'durationMs')::int, a->>'error', a->>'response'
  FROM ${source}
  WHERE EXISTS (SELECT 1 FROM "WebhookEndpoint" e WHERE e.id = (a->>'endpointId')::uuid)
  RETURNING 1`;

type EndpointRow = Omit<WebhookEndpoint, 'cursor' | 'types'> & { cursor: string; types: string[] };

/**
 * The delivery's statements on webhook endpoints (core's WebhookDeliveryStore), each one
 * statement on the driver: a lease is a column pair, taken with `FOR UPDATE SKIP LOCKED` so
 * processes claiming at once split the due endpoints between them instead of queueing on rows.
 */
export function createWebhookDeliveryStore(db: SqlReader): WebhookDeliveryStore {
  // Every try ends in a settle: those of all endpoints arriving while one statement runs go
  // together in the next (at 100 endpoints, one statement moves dozens), one document parameter.
  const settle = batchWhileBusy<SettleRequest, boolean>(async (batch) => {
    const doc = JSON.stringify(
      batch.map(({ endpointId, owner, attempts, progress, leaseUntil }, i) => ({
        i,
        endpointId,
        owner,
        cursor: progress.cursor,
        failedAttempts: progress.failedAttempts,
        retryAt: progress.retryAt,
        failingSince: progress.failingSince,
        leaseUntil,
        attempts,
      })),
    );
    // The try is recorded whatever the lease (it happened); the endpoint moves only for its holder.
    const rows = await db.query<{ i: number }>(sql`
      WITH s AS (
        SELECT * FROM jsonb_to_recordset(${doc}::jsonb) AS s(i int, "endpointId" uuid, owner text, cursor bigint, "failedAttempts" int,
          "retryAt" timestamptz, "failingSince" timestamptz, "leaseUntil" timestamptz, attempts jsonb)),
      recorded AS (
        ${insertAttempts(sql`s CROSS JOIN LATERAL jsonb_array_elements(s.attempts) AS a`)}),
      moved AS (
        UPDATE "WebhookEndpoint" e SET cursor = s.cursor, "failedAttempts" = s."failedAttempts", "retryAt" = s."retryAt",
          "failingSince" = s."failingSince", "leaseOwner" = CASE WHEN s."leaseUntil" IS NULL THEN NULL ELSE e."leaseOwner" END,
          "leaseUntil" = s."leaseUntil", "updatedAt" = now()
        FROM s WHERE e.id = s."endpointId" AND e."leaseOwner" = s.owner
        RETURNING s.i)
      SELECT i FROM moved`);
    const moved = new Set(rows.map((row) => row.i));
    return batch.map((_request, i) => moved.has(i));
  });

  return {
    async claim({ owner, leaseMs, limit, head, now }) {
      const rows = await db.query<EndpointRow>(sql`
        UPDATE "WebhookEndpoint" e SET "leaseOwner" = ${owner}, "leaseUntil" = ${now}::timestamptz + make_interval(secs => ${leaseMs / 1000}::double precision)
        FROM (SELECT id FROM "WebhookEndpoint"
          WHERE enabled AND cursor < ${head}::bigint AND ("retryAt" IS NULL OR "retryAt" <= ${now}::timestamptz)
            AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now}::timestamptz)
          ORDER BY "retryAt" NULLS FIRST, id LIMIT ${limit}::int FOR UPDATE SKIP LOCKED) due
        WHERE e.id = due.id
        RETURNING ${ENDPOINT_COLUMNS}`);
      return rows.map(({ cursor, types, ...rest }) => ({ ...rest, cursor: Number(cursor), types: types as EventType[] }));
    },
    settle: (request) => settle(request),
    async release(endpointId, owner) {
      await db.query(sql`UPDATE "WebhookEndpoint" SET "leaseOwner" = NULL, "leaseUntil" = NULL
        WHERE id = ${endpointId}::uuid AND "leaseOwner" = ${owner} RETURNING 1`);
    },
    async recordAttempt(attempt) {
      await db.query(insertAttempts(sql`jsonb_array_elements(${JSON.stringify([attempt])}::jsonb) AS a`));
    },
    async prune(before) {
      const rows = await db.query<{ id: string }>(
        sql`DELETE FROM "WebhookDelivery" WHERE "attemptedAt" < ${before}::timestamptz RETURNING id`,
      );
      return rows.length;
    },
  };
}
