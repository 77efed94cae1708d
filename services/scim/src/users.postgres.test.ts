import { createPostgresTestDatabase } from '@roster/db/testing';
import { describeUsersSuite } from './testing/users-suite.ts';

describeUsersSuite('PostgreSQL', createPostgresTestDatabase);
