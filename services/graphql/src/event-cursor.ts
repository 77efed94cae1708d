import { GraphQLError } from 'graphql';

const PREFIX = 'event:';

/** An event's opaque cursor. */
export function encodeEventCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

/** The sequence number behind a cursor; a malformed cursor is a VALIDATION_FAILED error. */
export function decodeEventCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const seq = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new GraphQLError(`"${cursor}" is not an event cursor.`, { extensions: { code: 'VALIDATION_FAILED' } });
  }
  return seq;
}
