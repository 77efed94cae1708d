import type { EventType, WebhookDeliveryStore, WebhookEndpoint } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';

const { sql } = Prisma;

// The endpoint's columns as the drivers can read them: int8 as text, the enum array as text[].
const ENDPOINT_COLUMNS = sql`e.id::text, e.url, e.description, e."iamId", e.types::text[] AS types, e."excludeOrigins", e.enabled,
  e."disabledReason", e.secret, e."previousSecret", e."previousSecretUntil", e.cursor::text AS cursor, e."failedAttempts",
  e."retryAt", e."failingSince", e."createdAt", e."updatedAt"`;

type EndpointRow = Omit<WebhookEndpoint, 'cursor' | 'types'> & { cursor: string; types: string[] };

/**
 * The delivery's statements on webhook endpoints (core's WebhookDeliveryStore), each one
 * statement on the driver: a lease is a column pair, taken with `FOR UPDATE SKIP LOCKED` so
 * processes claiming at once split the due endpoints between them instead of queueing on rows.
 */
export function createWebhookDeliveryStore(db: SqlReader): WebhookDeliveryStore {
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
    async settle({ endpointId, owner, attempt, progress, leaseUntil }) {
      const recorded = attempt
        ? sql`, recorded AS (
            INSERT INTO "WebhookDelivery" (id, "endpointId", "messageId", "eventSeq", type, attempt, "attemptedAt", status, "durationMs", error, response)
            SELECT ${attempt.id}::uuid, ${endpointId}::uuid, ${attempt.messageId}, ${attempt.eventSeq}::bigint, ${attempt.type}, ${attempt.attempt}::int,
              ${attempt.attemptedAt}::timestamptz, ${attempt.status}::int, ${attempt.durationMs}::int, ${attempt.error}, ${attempt.response}
            WHERE EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE id = ${endpointId}::uuid)
            RETURNING 1)`
        : sql``;
      // The try is recorded whatever the lease (it happened); the endpoint moves only for its holder.
      const rows = await db.query<{ moved: number }>(sql`
        WITH moved AS (
          UPDATE "WebhookEndpoint" SET cursor = ${progress.cursor}::bigint, "failedAttempts" = ${progress.failedAttempts}::int,
            "retryAt" = ${progress.retryAt}::timestamptz, "failingSince" = ${progress.failingSince}::timestamptz,
            "leaseOwner" = CASE WHEN ${leaseUntil}::timestamptz IS NULL THEN NULL ELSE "leaseOwner" END,
            "leaseUntil" = ${leaseUntil}::timestamptz, "updatedAt" = now()
          WHERE id = ${endpointId}::uuid AND "leaseOwner" = ${owner}
          RETURNING 1)${recorded}
        SELECT count(*)::int AS moved FROM moved`);
      return (rows[0]?.moved ?? 0) > 0;
    },
    async release(endpointId, owner) {
      await db.query(sql`UPDATE "WebhookEndpoint" SET "leaseOwner" = NULL, "leaseUntil" = NULL
        WHERE id = ${endpointId}::uuid AND "leaseOwner" = ${owner} RETURNING 1`);
    },
    async recordAttempt(attempt) {
      await db.query(sql`
        INSERT INTO "WebhookDelivery" (id, "endpointId", "messageId", "eventSeq", type, attempt, "attemptedAt", status, "durationMs", error, response)
        VALUES (${attempt.id}::uuid, ${attempt.endpointId}::uuid, ${attempt.messageId}, ${attempt.eventSeq}::bigint, ${attempt.type}, ${attempt.attempt}::int,
          ${attempt.attemptedAt}::timestamptz, ${attempt.status}::int, ${attempt.durationMs}::int, ${attempt.error}, ${attempt.response})
        RETURNING 1`);
    },
    async prune(before) {
      const rows = await db.query<{ id: string }>(
        sql`DELETE FROM "WebhookDelivery" WHERE "attemptedAt" < ${before}::timestamptz RETURNING id`,
      );
      return rows.length;
    },
  };
}
