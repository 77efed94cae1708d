import { createPostgresTestDatabase } from '@roster/db/testing';
import { describeIdpReplaySuite } from './testing/idp-replay-suite.ts';

describeIdpReplaySuite('PostgreSQL', createPostgresTestDatabase);
