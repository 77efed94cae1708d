import { createPostgresTestDatabase } from '@roster/db/testing';
import { describeFilterLimitsSuite } from './testing/filter-limits-suite.ts';

describeFilterLimitsSuite('PostgreSQL', createPostgresTestDatabase);
