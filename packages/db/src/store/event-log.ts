import type { EventDraft, EventLogReader, RosterEvent } from '@roster/core';
import type { Event as EventRow } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { mappingPrismaErrors } from './map-prisma-error.ts';
import { jsonObject, parseStoredJson } from './stored-json.ts';

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
 */
export async function appendEvents(db: Db, drafts: readonly EventDraft[], occurredAt: Date): Promise<RosterEvent[]> {
  if (drafts.length === 0) return [];
  const doc = JSON.stringify(drafts.map((d) => ({ t: d.type, i: d.iamId, st: d.subjectType, s: d.subjectId, d: d.data })));
  const [counter] = await db.$queryRaw<{ last: bigint }[]>`
    WITH counted AS (
      INSERT INTO "EventCounter" (id, last) VALUES (1, ${drafts.length})
      ON CONFLICT (id) DO UPDATE SET last = "EventCounter".last + EXCLUDED.last
      RETURNING last),
    appended AS (
      INSERT INTO "Event" (seq, type, "iamId", "subjectType", "subjectId", "occurredAt", data)
      SELECT counted.last - ${drafts.length} + e.ord, (e.v->>'t')::"EventType", e.v->>'i', (e.v->>'st')::"SubjectType", e.v->>'s', ${occurredAt}, COALESCE(e.v->'d', '{}'::jsonb)
      FROM counted, jsonb_array_elements(${doc}::jsonb) WITH ORDINALITY AS e(v, ord)
      RETURNING 1)
    SELECT last, (SELECT count(*) FROM appended) AS appended FROM counted`;
  const first = Number(counter!.last) - drafts.length + 1;
  return drafts.map((draft, i): RosterEvent => ({ ...draft, seq: first + i, occurredAt }));
}

/** Reads the event log in sequence order; a lost database is STORAGE_UNAVAILABLE, as everywhere else. */
export function createEventLogReader(db: Db): EventLogReader {
  return {
    readAfter: ({ after, iamId, types, limit }) =>
      mappingPrismaErrors(async () => {
        const rows = await db.event.findMany({
          where: {
            seq: { gt: BigInt(after) },
            ...(iamId === undefined ? {} : { iamId }),
            ...(types === undefined ? {} : { type: { in: [...types] } }),
          },
          orderBy: { seq: 'asc' },
          take: limit,
        });
        return rows.map(toEvent);
      }),
    lastSeq: () =>
      mappingPrismaErrors(async () => {
        const counter = await db.eventCounter.findUnique({ where: { id: 1 } });
        return counter ? Number(counter.last) : 0;
      }),
  };
}

function toEvent(row: EventRow): RosterEvent {
  return {
    seq: Number(row.seq),
    type: row.type,
    iamId: row.iamId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt,
    data: parseStoredJson(jsonObject, row.data, `Event ${row.seq}.data`),
  };
}
