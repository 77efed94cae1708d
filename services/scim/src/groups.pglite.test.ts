import { createPgliteTestDatabase } from '@roster/db/testing';
import { describeGroupsSuite } from './testing/groups-suite.ts';

describeGroupsSuite('PGlite', createPgliteTestDatabase);
