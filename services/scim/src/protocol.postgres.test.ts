import { createPostgresTestDatabase } from '@roster/db/testing';
import { describeProtocolSuite } from './testing/protocol-suite.ts';

describeProtocolSuite('PostgreSQL', createPostgresTestDatabase);
