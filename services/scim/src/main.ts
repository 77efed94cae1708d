import { serve } from '@hono/node-server';
import { createAesGcmSecretBox, createRoster, webHasher, webRandomness } from '@roster/core';
import { applyMigrations, createInProcessNotifier, createPrismaStore, openDatabase } from '@roster/db';
import { createScimHandler } from './create-scim-handler.ts';

// Runs SCIM on its own port (SCIM_PORT, default 4001) against DATABASE_URL or DATA_DIR, like
// services/server. SECRET_KEY (base64, 32 bytes) is needed only to open sealed IAM secrets.
const port = Number(process.env['SCIM_PORT'] ?? process.env['PORT'] ?? 4001);
const database = await openDatabase({ databaseUrl: process.env['DATABASE_URL'], dataDir: process.env['DATA_DIR'] ?? './.data' });
await applyMigrations(database.adapterFactory);
const key = process.env['SECRET_KEY']
  ? Uint8Array.from(atob(process.env['SECRET_KEY']), (c) => c.charCodeAt(0))
  : crypto.getRandomValues(new Uint8Array(32));
const roster = createRoster({
  store: createPrismaStore(database.prisma, { notifier: createInProcessNotifier() }),
  clock: { now: () => new Date() },
  random: webRandomness,
  hasher: webHasher,
  secrets: await createAesGcmSecretBox(key),
});
const publicUrl = process.env['PUBLIC_URL'] ?? `http://localhost:${port}`;
const fetch = createScimHandler({ roster, publicUrl });
const server = serve({ fetch, port }, (info) => process.stdout.write(`SCIM listening on ${publicUrl} (port ${info.port})\n`));
const stop = () => server.close(() => void database.close().then(() => process.exit(0)));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
