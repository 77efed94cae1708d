import type { EventType, IamType, PendingSamlRequest, SubjectType, SyncMode, SyncStatus, SyncTrigger, UserSource } from '@roster/core';
import type * as Enums from '../generated/prisma/enums.ts';

// Core's unions are the source of truth for the domain; the Prisma enums of schema.prisma store
// them. This file fails to typecheck when a pair stops being the same set, in either direction
// (a value added to core but not to the schema, or the other way round).

/** True when A and B are the same type (not merely assignable one way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

/** Each Prisma enum of schema.prisma against the core union it stores. */
export type PrismaEnumsMatchCore = [
  Expect<Equal<Enums.UserSource, UserSource>>,
  Expect<Equal<Enums.EventType, EventType>>,
  Expect<Equal<Enums.SubjectType, SubjectType>>,
  Expect<Equal<Enums.SyncMode, SyncMode>>,
  Expect<Equal<Enums.SyncTrigger, SyncTrigger>>,
  Expect<Equal<Enums.SyncStatus, SyncStatus>>,
  Expect<Equal<Enums.SamlRequestKind, PendingSamlRequest['kind']>>,
  Expect<Equal<Enums.IamType, IamType>>,
];
