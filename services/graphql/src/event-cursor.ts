// An event's cursor is core's (a webhook body carries the same one): re-exported for the schema.
export { decodeEventCursor, encodeEventCursor } from '@roster/core';
