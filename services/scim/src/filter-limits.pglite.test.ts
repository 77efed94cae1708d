import { createPgliteTestDatabase } from '@roster/db/testing';
import { describeFilterLimitsSuite } from './testing/filter-limits-suite.ts';

describeFilterLimitsSuite('PGlite', createPgliteTestDatabase);
