import { isRosterError } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import { openDatabase } from '../client/open-database.ts';

// A process that opens a PGlite data folder as Roster does, for the lock tests:
// `node --conditions=source --import tsx hold-data-dir.ts <dataDir> [note]`. It records the note
// (if given), prints every note in the folder as one JSON line, and holds the folder until SIGTERM.
const [dataDir, note] = process.argv.slice(2);
try {
  const database = await openDatabase({ dataDir: dataDir! });
  await database.prisma.$executeRaw`CREATE TABLE IF NOT EXISTS lock_test_note (text TEXT NOT NULL)`;
  if (note) await database.prisma.$executeRaw`INSERT INTO lock_test_note (text) VALUES (${note})`;
  const rows = await database.reader.query<{ text: string }>(Prisma.sql`SELECT text FROM lock_test_note ORDER BY text`);
  // Nothing else keeps this process alive (the lock socket is unref'd; the database's own timers
  // end about 10 s after the last query), and a contender slow to start under load would then find
  // the folder free: hold it until told to stop.
  const holding = setInterval(() => {}, 60_000);
  process.once('SIGTERM', () => {
    clearInterval(holding);
    void database.close().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ pid: process.pid, notes: rows.map((row) => row.text) })}\n`);
} catch (error) {
  process.stderr.write(isRosterError(error) ? `${error.code}: ${error.message}\n` : `${String(error)}\n`);
  process.exit(1);
}
