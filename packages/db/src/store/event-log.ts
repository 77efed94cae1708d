import type { EventDraft, EventLogReader, EventType, RosterEvent, SubjectType } from '@roster/core';
import type { Event as EventRow, Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';

/**
 * Appends events inside the change's transaction. The sequence comes from the single
 * EventCounter row: the upsert below locks that row until commit, so a transaction that takes
 * numbers after another can only commit after it. Commit order equals sequence order, and a
 * reader that has seen N never later finds a newly committed event below N (the trap described in
 * ARCHITECTURE.md). Rolled-back numbers are reused, so the sequence has no gaps either.
 */
export async function appendEvents(db: Db, drafts: readonly EventDraft[], occurredAt: Date): Promise<RosterEvent[]> {
  const [counter] = await db.$queryRaw<{ last: bigint }[]>`
    INSERT INTO "EventCounter" (id, last) VALUES (1, ${drafts.length})
    ON CONFLICT (id) DO UPDATE SET last = "EventCounter".last + EXCLUDED.last
    RETURNING last`;
  const first = Number(counter!.last) - drafts.length + 1;
  const events = drafts.map((draft, i): RosterEvent => ({ ...draft, seq: first + i, occurredAt }));
  await db.event.createMany({
    data: events.map((event) => ({ ...event, seq: BigInt(event.seq), data: event.data as Prisma.InputJsonObject })),
  });
  return events;
}

/** Reads the event log in sequence order. */
export function createEventLogReader(db: Db): EventLogReader {
  return {
    async readAfter({ after, iamId, types, limit }) {
      const rows = await db.event.findMany({
        where: { seq: { gt: BigInt(after) }, ...(iamId === undefined ? {} : { iamId }), ...(types === undefined ? {} : { type: { in: [...types] } }) },
        orderBy: { seq: 'asc' },
        take: limit,
      });
      return rows.map(toEvent);
    },
    async lastSeq() {
      const counter = await db.eventCounter.findUnique({ where: { id: 1 } });
      return counter ? Number(counter.last) : 0;
    },
  };
}

function toEvent(row: EventRow): RosterEvent {
  return {
    seq: Number(row.seq),
    type: row.type as EventType,
    iamId: row.iamId,
    subjectType: row.subjectType as SubjectType,
    subjectId: row.subjectId,
    occurredAt: row.occurredAt,
    data: row.data as Record<string, unknown>,
  };
}
