import pg from 'pg';

/**
 * `total` users in the IAM, each with a work email as an IdP sends them (`seed-<n>@bench.test`,
 * display name "Seed User <n>"), in two statements; then VACUUM ANALYZE and a CHECKPOINT, which
 * would otherwise land inside a measurement.
 */
export async function seedUsers(databaseUrl: string, iamId: string, total: number): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "User" (id, "iamId", "userName", "userNameKey", "displayName", source, "updatedAt")
       SELECT gen_random_uuid(), $1, 'seed-' || g || '@bench.test', 'seed-' || g || '@bench.test', 'Seed User ' || g, 'SCIM', now()
       FROM generate_series(1, $2::int) g`,
      [iamId, total],
    );
    await db.query(
      `INSERT INTO "UserEmail" ("userId", position, "iamId", value, "valueKey", type, "primary")
       SELECT id, 0, "iamId", "userName", "userNameKey", 'work', true FROM "User" WHERE "iamId" = $1`,
      [iamId],
    );
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
  } finally {
    await db.end();
  }
}
