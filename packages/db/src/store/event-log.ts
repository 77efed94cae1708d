import type { EventDraft, EventLogReader, EventOrigin, EventQuery, RosterEvent, RosterEventWithSubject } from '@roster/core';
import { Prisma, type Event as EventRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { eventOriginJson, GROUP_SUBJECT_JSON, readEventSubject } from './event-subject-json.ts';
import { mappingPrismaErrors } from './map-prisma-error.ts';
import { jsonObject, parseStoredJson } from './stored-json.ts';
import { resourceJson } from './user-resource-query.ts';

/**
 * Appends events inside the change's transaction, in one statement. The sequence comes from the
 * single EventCounter row: the upsert below locks that row until commit, so a transaction that
 * takes numbers after another can only commit after it. Commit order equals sequence order, and a
 * reader that has seen N never later finds a newly committed event below N (the trap described in
 * ARCHITECTURE.md). Rolled-back numbers are reused, so the sequence has no gaps either. The rows go
 * in as one JSON document (`jsonb_array_elements ... WITH ORDINALITY` keeps their order): a
 * directory page's thousands of events cost one round trip and one string parameter, where five
 * arrays cost a PostgreSQL array literal each, with every event's data escaped inside it (that
 * literal building was the sync's largest allocation).
 *
 * Every event carries the change's `origin`, and a USER or GROUP event a snapshot of its subject
 * as the transaction leaves it (`subjects` below: this is the transaction's last statement, so it
 * sees all its writes), for consumers that read the event later (webhook deliveries, hours later
 * on retries). Each distinct subject is built once per call, however many events it has (a page
 * of membership changes to one group counts its members once). A deleted subject has none.
 */
export async function appendEvents(db: Db, drafts: readonly EventDraft[], occurredAt: Date, origin: EventOrigin): Promise<RosterEvent[]> {
  if (drafts.length === 0) return [];
  const doc = JSON.stringify(drafts.map((d) => ({ t: d.type, i: d.iamId, st: d.subjectType, s: d.subjectId, d: d.data })));
  const [counter] = await db.$queryRaw<{ last: bigint }[]>`
    WITH events AS (SELECT e.v, e.ord, e.v->>'st' AS st, e.v->>'s' AS id FROM jsonb_array_elements(${doc}::jsonb) WITH ORDINALITY AS e(v, ord)),
    subjects AS (${subjectSnapshots}),
    counted AS (
      INSERT INTO "EventCounter" (id, last) VALUES (1, ${drafts.length})
      ON CONFLICT (id) DO UPDATE SET last = "EventCounter".last + EXCLUDED.last
      RETURNING last),
    appended AS (
      INSERT INTO "Event" (seq, type, "iamId", "subjectType", "subjectId", "occurredAt", data, origin, subject)
      SELECT counted.last - ${drafts.length} + e.ord, (e.v->>'t')::"EventType", e.v->>'i', (e.v->>'st')::"SubjectType", e.v->>'s', ${occurredAt},
        COALESCE(e.v->'d', '{}'::jsonb), ${JSON.stringify(origin)}::jsonb, s.subject
      FROM counted, events e LEFT JOIN subjects s ON s.st = e.st AND s.id = e.id
      RETURNING 1)
    SELECT last, (SELECT count(*) FROM appended) AS appended FROM counted`;
  const first = Number(counter!.last) - drafts.length + 1;
  return drafts.map((draft, i): RosterEvent => ({ ...draft, seq: first + i, occurredAt, origin }));
}

// The batch's distinct USER and GROUP subjects with their snapshots, over the CTE `events`. Ids
// that are no UUID (none should be) get no snapshot rather than failing the cast, and the append.
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const subjectSnapshots = Prisma.sql`
  SELECT k.st, k.id, CASE k.st
    WHEN 'USER' THEN (SELECT ${resourceJson({ groupIds: true })}::jsonb FROM "User" u WHERE u.id = k.id::uuid)
    ELSE (SELECT ${GROUP_SUBJECT_JSON} FROM "Group" g WHERE g.id = k.id::uuid) END AS subject
  FROM (SELECT DISTINCT e.st, e.id FROM events e WHERE e.st IN ('USER', 'GROUP') AND e.id ~ ${UUID}) k`;

/** Reads the event log in sequence order; a lost database is STORAGE_UNAVAILABLE, as everywhere else. */
export function createEventLogReader(db: Db): EventLogReader {
  function readAfter(query: EventQuery & { readonly subjects: true }): Promise<RosterEventWithSubject[]>;
  function readAfter(query: EventQuery): Promise<RosterEvent[]>;
  function readAfter({ after, iamId, types, subjectId, limit, subjects, newest }: EventQuery): Promise<RosterEvent[]> {
    return mappingPrismaErrors(async () => {
      const found = await db.event.findMany({
        where: {
          seq: { gt: BigInt(after) },
          ...(iamId === undefined ? {} : { iamId }),
          // Served by the (subjectId, seq) index: one subject's events without scanning the log.
          ...(subjectId === undefined ? {} : { subjectId }),
          ...(types === undefined ? {} : { type: { in: [...types] } }),
        },
        // The snapshot is the row's bulk: read only when asked for.
        ...(subjects ? {} : { omit: { subject: true } }),
        orderBy: { seq: newest ? 'desc' : 'asc' },
        take: limit,
      });
      const rows = newest ? found.reverse() : found;
      return subjects
        ? rows.map((row) => ({ ...toEvent(row), subject: readEventSubject(row.subjectType, row.subject) }))
        : rows.map(toEvent);
    });
  }
  return {
    readAfter,
    lastSeq: () =>
      mappingPrismaErrors(async () => {
        const counter = await db.eventCounter.findUnique({ where: { id: 1 } });
        return counter ? Number(counter.last) : 0;
      }),
  };
}

function toEvent(row: Omit<EventRow, 'subject'>): RosterEvent {
  return {
    seq: Number(row.seq),
    type: row.type,
    iamId: row.iamId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt,
    data: parseStoredJson(jsonObject, row.data, `Event ${row.seq}.data`),
    origin: row.origin === null ? null : parseStoredJson(eventOriginJson, row.origin, `Event ${row.seq}.origin`),
  };
}
