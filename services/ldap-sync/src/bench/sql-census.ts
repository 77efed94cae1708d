import pg from 'pg';

/** What the sync asked PostgreSQL, by kind of statement: how many and how long they took (round trip). */
export interface SqlCensus {
  readonly statements: number;
  readonly byKind: Readonly<Record<string, { count: number; ms: number; sample: string }>>;
}

/**
 * Counts and times the statements every `pg` client of this process sends (the PostgreSQL path of
 * Prisma's adapter and any raw SQL go through `Client.prototype.query`). Diagnostics of the bench
 * only: call the returned function to stop counting and read the census.
 */
export function startSqlCensus(): () => SqlCensus {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const byKind: Record<string, { count: number; ms: number; sample: string }> = {};
  let statements = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0];
    const text = typeof config === 'string' ? config : ((config as { text?: string } | null)?.text ?? '');
    const kind = kindOf(text);
    const started = performance.now();
    const result = original.apply(this, args);
    statements += 1;
    const entry = (byKind[kind] ??= { count: 0, ms: 0, sample: text.replace(/\s+/g, ' ').slice(0, 300) });
    entry.count += 1;
    if (result instanceof Promise)
      void result.then(
        () => (entry.ms += performance.now() - started),
        () => {},
      );
    return result;
  };
  return () => {
    proto.query = original;
    return { statements, byKind: Object.fromEntries(Object.entries(byKind).map(([kind, v]) => [kind, { ...v, ms: Math.round(v.ms) }])) };
  };
}

/** "INSERT Event", "SELECT User", "BEGIN": the verb and the first table named. */
function kindOf(text: string): string {
  const sql = text.trim().replace(/\s+/g, ' ');
  const verb = (
    /^(WITH|SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK|SET|SAVEPOINT|RELEASE)/i.exec(sql)?.[1] ?? sql.slice(0, 12)
  ).toUpperCase();
  const table = /"([A-Z][A-Za-z]+)"/.exec(sql)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}
