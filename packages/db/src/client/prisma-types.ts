import type { Prisma } from '../generated/prisma/client.ts';

/** A Prisma client or one bound to a transaction: what repositories query through. */
export type Db = Prisma.TransactionClient;
