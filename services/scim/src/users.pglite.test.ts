import { createPgliteTestDatabase } from '@roster/db/testing';
import { describeUsersSuite } from './testing/users-suite.ts';

describeUsersSuite('PGlite', createPgliteTestDatabase);
