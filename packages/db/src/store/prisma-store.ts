import type { EventNotifier, IdentityStore, Repositories, TransactionRepositories } from '@roster/core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Db } from '../client/prisma-types.ts';
import { createPrismaReader, type SqlReader } from '../client/sql-reader.ts';
import { createApiTokenRepository } from './api-token-repository.ts';
import { createBulkRepository } from './bulk-repository.ts';
import { createGroupAttributeRepository, createUserAttributeRepository } from './attribute-repository.ts';
import { appendEvents, createEventLogReader } from './event-log.ts';
import { createGroupRepository } from './group-repository.ts';
import { createIamRepository } from './iam-repository.ts';
import { createNewUserInserter } from './insert-new-users.ts';
import { mapPrismaError, mappingPrismaErrors } from './map-prisma-error.ts';
import { createMembershipRepository } from './membership-repository.ts';
import { createSessionRepository } from './session-repository.ts';
import { createSamlStateRepository } from './saml-state-repository.ts';
import { createSqlReadModel } from './sql-read-model.ts';
import { createSyncRunRepository } from './sync-run-repository.ts';
import { createUserRepository } from './user-repository.ts';
import { queryGroups } from './group-query.ts';
import { createWebhookDeliveryStore } from './webhook-delivery-store.ts';
import { createWebhookRepository } from './webhook-repository.ts';

/** Options of the Prisma store. */
export interface PrismaStoreOptions {
  readonly notifier: EventNotifier;
  /** Longest a transaction may run (an LDAP page, a SCIM bulk request). */
  readonly transactionTimeoutMs?: number;
  /**
   * The driver-level reader the read model's one-statement lists run on (`Database.reader`);
   * without it they run through Prisma's raw queries (slower: for processes that list little).
   */
  readonly reader?: SqlReader;
}

/**
 * core's IdentityStore on Prisma, for PGlite and PostgreSQL alike. After a transaction that
 * appended events commits, the notifier is told the last sequence number.
 */
export function createPrismaStore(prisma: PrismaClient, options: PrismaStoreOptions): IdentityStore {
  const reader = options.reader ?? createPrismaReader(prisma);
  const readRepos = createRepositories(prisma, options.reader);
  const timeout = options.transactionTimeoutMs ?? 60_000;
  const insertNewUser = createNewUserInserter(reader, (lastSeq) => options.notifier.publish(lastSeq));
  return {
    insertNewUser,
    async transact(work) {
      let lastSeq = 0;
      try {
        const result = await prisma.$transaction(
          async (tx) => {
            const repos: TransactionRepositories = {
              ...createRepositories(tx),
              events: {
                async append(drafts, occurredAt, origin) {
                  const events = await appendEvents(tx, drafts, occurredAt, origin);
                  lastSeq = events.at(-1)?.seq ?? lastSeq;
                  return events;
                },
              },
            };
            return work(repos);
          },
          { timeout, maxWait: timeout },
        );
        if (lastSeq > 0) options.notifier.publish(lastSeq);
        return result;
      } catch (error) {
        throw mapPrismaError(error);
      }
    },
    read: (work) => mappingPrismaErrors(() => work(readRepos)),
    readModel: createSqlReadModel(prisma, reader),
    events: createEventLogReader(prisma),
    notifier: options.notifier,
    webhookDelivery: createWebhookDeliveryStore(reader),
  };
}

/** The repositories on a client or a transaction; `reader` (outside transactions only) serves the hottest reads. */
function createRepositories(db: Db, reader?: SqlReader): Repositories {
  return {
    iams: createIamRepository(db, reader),
    users: createUserRepository(db),
    groups: createGroupRepository(db),
    memberships: createMembershipRepository(db),
    userAttributes: createUserAttributeRepository(db),
    groupAttributes: createGroupAttributeRepository(db),
    syncRuns: createSyncRunRepository(db),
    apiTokens: createApiTokenRepository(db),
    sessions: createSessionRepository(db),
    saml: createSamlStateRepository(db),
    queries: { groups: (query) => queryGroups(db, query) },
    bulk: createBulkRepository(db),
    webhooks: createWebhookRepository(db),
  };
}
