import { RosterError } from '../errors.ts';

const PREFIX = 'event:';

/** An event's opaque cursor: what GraphQL pages by and what a webhook body carries. */
export function encodeEventCursor(seq: number): string {
  return btoa(`${PREFIX}${seq}`).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The sequence number behind a cursor; a malformed cursor is VALIDATION_FAILED. */
export function decodeEventCursor(cursor: string): number {
  let text = '';
  try {
    text = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    // not base64: refused below
  }
  const seq = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new RosterError('VALIDATION_FAILED', `"${cursor}" is not an event cursor.`, { details: { field: 'cursor' } });
  }
  return seq;
}
