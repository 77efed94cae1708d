// RFC 9562 §4's textual form, any version: what the store's ids are. An id that is not one names
// no row, so it is refused (a cursor) or read as nothing before it reaches a statement.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its textual form. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
