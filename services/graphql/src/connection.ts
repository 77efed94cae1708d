import { GraphQLError } from 'graphql';
import { isUuid } from './is-uuid.ts';
import { MAX_PAGE_SIZE, maxPageSize } from './page-size.ts';

// Relay connections over keyset pages read by the request's loaders (users, a user's groups, a
// group's members): the arguments become a signed `take` and a cursor, the rows become edges.

/** Relay's connection arguments. */
export interface ConnectionArgs {
  readonly first?: number | null | undefined;
  readonly last?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly before?: string | null | undefined;
}

/** A page to read: `take` rows (one more than the page, to tell whether more follow), negative backwards from `cursor` or the end. */
export interface ConnectionPage {
  readonly take: number;
  readonly cursor: string | undefined;
}

const DEFAULT_PAGE_SIZE = 20;

function invalid(path: string, message: string): GraphQLError {
  return new GraphQLError(`Invalid ${path}: ${message}.`, { extensions: { code: 'VALIDATION_FAILED', fieldErrors: [{ path, message }] } });
}

/** The page the arguments ask for: `first` (default 20) after `after`, or `last` before `before`; at most 100. */
export function connectionPage(args: ConnectionArgs): ConnectionPage {
  maxPageSize(args);
  if (args.after != null && args.before != null) throw invalid('before', 'not together with after');
  if (args.first != null && args.before != null) throw invalid('before', 'pages backwards: use last, not first');
  if (args.last != null && args.after != null) throw invalid('after', 'pages forwards: use first, not last');
  const size = Math.min(args.first ?? args.last ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) + 1;
  const backwards = args.before != null || args.last != null;
  return { take: backwards ? -size : size, cursor: args.after ?? args.before ?? undefined };
}

/** An opaque cursor: the connection's kind and the key of a row, base64url-encoded. */
export function encodeCursor(kind: string, key: readonly (string | null)[]): string {
  return Buffer.from(JSON.stringify([kind, ...key])).toString('base64url');
}

/** The key a cursor of this kind holds, with `arity` parts; anything else is VALIDATION_FAILED. */
export function decodeCursor(kind: string, cursor: string, arity: number, args: ConnectionArgs): (string | null)[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === arity + 1 &&
    parts[0] === kind &&
    parts.slice(1).every((part) => part === null || typeof part === 'string');
  if (!valid) throw notACursor(args);
  return (parts as (string | null)[]).slice(1);
}

/** The error for a cursor this connection did not hand out. */
export function notACursor(args: ConnectionArgs): GraphQLError {
  return invalid(args.after != null ? 'after' : 'before', 'not a cursor of this connection');
}

/** A page of a connection ordered by row id (a user's groups, a group's members): `cursor` is the id it names. */
export interface IdPage {
  readonly take: number;
  readonly cursor: string | undefined;
}

/**
 * The page the arguments ask of a connection ordered by row id, its cursor decoded. Checked here,
 * so a forged cursor fails its own field with VALIDATION_FAILED rather than the statement a whole
 * list of pages shares.
 */
export function idPage(kind: string, args: ConnectionArgs): IdPage {
  const { take, cursor } = connectionPage(args);
  if (cursor === undefined) return { take, cursor };
  const [id] = decodeCursor(kind, cursor, 1, args);
  if (!id || !isUuid(id)) throw notACursor(args);
  return { take, cursor: id };
}

/**
 * The connection over rows read for `page` (in order, with up to one row beyond the page at the
 * far end): the same edges and page info as Pothos' connections. An edge's cursor is encoded
 * only when the query asks for it: lists of users with their groups hold hundreds of edges, and
 * most queries ask for none of their cursors.
 */
export function rowsConnection<T>(rows: readonly T[], args: ConnectionArgs, page: ConnectionPage, toCursor: (row: T) => string) {
  const full = rows.length === Math.abs(page.take);
  const backwards = page.take < 0;
  // The row beyond the page is at the far end: the first one read backwards, the last forwards.
  const [from, to] = !full ? [0, rows.length] : backwards ? [1, rows.length] : [0, rows.length - 1];
  const edges: Edge<T>[] = [];
  for (let i = from; i < to; i += 1) edges.push(new Edge(rows[i] as T, toCursor));
  const hasNextPage = args.before != null ? true : backwards ? false : full;
  const hasPreviousPage = args.after != null ? true : backwards ? full : false;
  return { edges, pageInfo: new PageInfo(edges, hasNextPage, hasPreviousPage) };
}

/** An edge whose cursor is worked out when read (a prototype getter: no closure per edge). */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly toCursor: (row: T) => string,
  ) {}

  get cursor(): string {
    return this.toCursor(this.node);
  }
}

/** A connection's page info; its cursors are the first and last edges', worked out when read. */
class PageInfo<T> {
  constructor(
    private readonly edges: readonly Edge<T>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}
