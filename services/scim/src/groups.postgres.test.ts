import { createPostgresTestDatabase } from '@roster/db/testing';
import { describeGroupsSuite } from './testing/groups-suite.ts';

describeGroupsSuite('PostgreSQL', createPostgresTestDatabase);
