import type { NewUserWrite, RosterEvent } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import type { SqlReader } from '../client/sql-reader.ts';
import { mapPrismaError } from './map-prisma-error.ts';
import { USER_RECORD_JSON } from './user-records.ts';
import { attributeRows, emailRows, userColumnList, userRow } from './user-rows.ts';

interface Pending extends NewUserWrite {
  resolve(events: RosterEvent[]): void;
  reject(error: unknown): void;
}

/** Most writes one statement carries (rows stay well under PostgreSQL's limits either way). */
const MAX_BATCH = 64;

/**
 * Inserts new users with their emails, attributes and events, each write all or nothing, in as
 * few statements as possible: the writes that arrive while a statement runs go together in the
 * next one (group commit). A statement is one implicit transaction, so a user always commits with
 * its events; its EventCounter upsert runs after the rows are in (see `counted` below), so the
 * counter lock is held only from the last insert to the commit, and commit order stays sequence
 * order. When a shared statement fails (a taken userName), its writes are retried one per
 * statement, so each caller gets its own outcome and nobody else's error.
 *
 * The statement runs on the driver (`statements`, the store's reader: prepared once per
 * connection, errors mapped), not through Prisma, which costs its parameter mapping and a fresh
 * plan of this statement every time.
 */
export function createNewUserInserter(
  statements: SqlReader,
  onCommitted: (lastSeq: number) => void,
): (write: NewUserWrite) => Promise<RosterEvent[]> {
  const queue: Pending[] = [];
  let running = false;

  const flush = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        settle(batch, await insertBatch(statements, batch));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(mapPrismaError(error));
        else for (const write of batch) await insertAlone(write);
      }
    }
    running = false;
  };
  const insertAlone = async (write: Pending) => {
    try {
      settle([write], await insertBatch(statements, [write]));
    } catch (error) {
      write.reject(mapPrismaError(error));
    }
  };
  const settle = (batch: readonly Pending[], events: RosterEvent[][]) => {
    const last = events.flat().at(-1)?.seq;
    if (last !== undefined) onCommitted(last);
    batch.forEach((write, i) => write.resolve(events[i]!));
  };

  return (write: NewUserWrite): Promise<RosterEvent[]> =>
    new Promise((resolve, reject) => {
      queue.push({ ...write, resolve, reject });
      if (!running) void flush();
    });
}

async function insertBatch(statements: SqlReader, batch: readonly NewUserWrite[]): Promise<RosterEvent[][]> {
  // Each write keeps the origin it was made with: the batch joins writes of several requests.
  const drafts = batch.flatMap((write) => write.drafts.map((draft) => ({ ...draft, occurredAt: write.occurredAt, origin: write.origin })));
  if (drafts.length === 0) throw new Error('A new user is always recorded by an event.');
  const doc = JSON.stringify({
    users: batch.map(({ user }) => userRow(user)),
    emails: emailRows(batch.map(({ user }) => user)),
    attributes: attributeRows(batch.map(({ user, attributes }) => [user.id, attributes] as const)),
    events: drafts,
  });
  // Data-modifying CTEs all run in the statement's one transaction. `counted` reads the three
  // inserts' results, so the counter row is locked only once the rows are written. The CTEs do
  // not see each other's rows, so `snapshots` builds each new user's subject snapshot (the shape
  // event-log.ts stores, see event-subject-json.ts) from the document itself: its row, emails and
  // attributes, and no groups (a user is created in none).
  const rows = await statements.query<{ last: bigint | string }>(Prisma.sql`
    WITH doc AS (SELECT ${doc}::jsonb AS d),
    new_users AS (SELECT r.* FROM doc, jsonb_populate_recordset(NULL::"User", doc.d->'users') r),
    new_emails AS (SELECT r.* FROM doc, jsonb_populate_recordset(NULL::"UserEmail", doc.d->'emails') r),
    new_attributes AS (SELECT r.* FROM doc, jsonb_populate_recordset(NULL::"UserAttribute", doc.d->'attributes') r),
    users AS (
      INSERT INTO "User" (${userColumnList()})
      SELECT ${userColumnList('r')} FROM new_users r
      RETURNING 1),
    emails AS (
      INSERT INTO "UserEmail" ("userId", position, "iamId", value, "valueKey", type, "primary")
      SELECT r."userId", r.position, r."iamId", r.value, r."valueKey", r.type, r."primary" FROM new_emails r
      RETURNING 1),
    attributes AS (
      INSERT INTO "UserAttribute" ("userId", name, "values")
      SELECT r."userId", r.name, r."values" FROM new_attributes r
      RETURNING 1),
    snapshots AS (
      SELECT u.id::text AS id, json_build_array(${USER_RECORD_JSON}, u."sourceAttributes", e.list, a.list, '[]'::json)::jsonb AS subject
      FROM new_users u
      LEFT JOIN (SELECT "userId", json_agg(json_build_array(value, type, "primary") ORDER BY position) AS list
        FROM new_emails GROUP BY "userId") e ON e."userId" = u.id
      LEFT JOIN (SELECT "userId", json_agg(json_build_array(name, "values") ORDER BY name) AS list
        FROM new_attributes GROUP BY "userId") a ON a."userId" = u.id),
    counted AS (
      INSERT INTO "EventCounter" (id, last)
      SELECT 1, jsonb_array_length(doc.d->'events') FROM doc
      WHERE (SELECT count(*) FROM users) + (SELECT count(*) FROM emails) + (SELECT count(*) FROM attributes) >= 0
      ON CONFLICT (id) DO UPDATE SET last = "EventCounter".last + EXCLUDED.last
      RETURNING last)
    INSERT INTO "Event" (seq, type, "iamId", "subjectType", "subjectId", "occurredAt", data, origin, subject)
    SELECT counted.last - jsonb_array_length(doc.d->'events') + e.ord, (e.v->>'type')::"EventType", e.v->>'iamId',
      (e.v->>'subjectType')::"SubjectType", e.v->>'subjectId',
      (e.v->>'occurredAt')::timestamptz, COALESCE(e.v->'data', '{}'::jsonb), e.v->'origin', s.subject
    FROM doc, counted, jsonb_array_elements(doc.d->'events') WITH ORDINALITY AS e(v, ord)
      LEFT JOIN snapshots s ON e.v->>'subjectType' = 'USER' AND s.id = e.v->>'subjectId'
    RETURNING seq AS last`);
  let next = Math.min(...rows.map((row) => Number(row.last)));
  return batch.map((write) =>
    write.drafts.map((draft): RosterEvent => ({ ...draft, seq: next++, occurredAt: write.occurredAt, origin: write.origin })),
  );
}
