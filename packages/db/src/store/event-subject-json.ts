import type { EventOrigin, EventSubject, SubjectType } from '@roster/core';
import { Prisma } from '../generated/prisma/client.ts';
import { z } from 'zod';
import { readUserResource, type ResourceJson } from './user-resource-query.ts';

// An event's subject snapshot (the "Event".subject column), as its appending statement builds it:
// a USER subject is the user's resource array (user-resource-query.ts's `resourceJson`, group ids
// included), decoded by the same readUserResource the user reads use; a GROUP subject is an
// object of the group's row and its member count. The column holds no type tag: the event's
// subjectType says which.

/** A group and its member count as one JSON object, for an outer `"Group" g`. */
export const GROUP_SUBJECT_JSON = Prisma.sql`jsonb_build_object('id', g.id, 'iamId', g."iamId", 'displayName', g."displayName",
  'externalId', g."externalId", 'version', g.version, 'createdAt', g."createdAt", 'updatedAt', g."updatedAt",
  'memberCount', (SELECT count(*) FROM "Membership" m WHERE m."groupId" = g.id))`;

interface GroupSubjectJson {
  readonly id: string;
  readonly iamId: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly memberCount: number;
}

/** The subject snapshot of an event of `subjectType` from its stored column (null: none). */
export function readEventSubject(subjectType: SubjectType, json: unknown): EventSubject | null {
  if (json === null || json === undefined) return null;
  if (subjectType === 'USER') {
    const resource = readUserResource(json as ResourceJson);
    return { type: 'USER', user: { ...resource, groupIds: resource.groupIds ?? [] } };
  }
  if (subjectType === 'GROUP') {
    const { createdAt, updatedAt, ...group } = json as GroupSubjectJson;
    return { type: 'GROUP', group: { ...group, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) } };
  }
  return null;
}

const id = z.string().min(1);

/** An event's stored origin (core's EventOrigin), checked at the adapter like every JSON column. */
export const eventOriginJson: z.ZodType<EventOrigin> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('SCIM'), iamId: id, scimTokenId: z.string() }),
  z.object({ kind: z.literal('SYNC'), iamId: id, syncRunId: id }),
  z.object({ kind: z.literal('SSO'), iamId: id }),
  z.object({ kind: z.literal('API_TOKEN'), apiTokenId: id }),
  z.object({ kind: z.literal('USER'), userId: id, iamId: id }),
  z.object({ kind: z.literal('SYSTEM') }),
]);
