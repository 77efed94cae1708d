import { createPgliteTestDatabase } from '@roster/db/testing';
import { describeIdpReplaySuite } from './testing/idp-replay-suite.ts';

describeIdpReplaySuite('PGlite', createPgliteTestDatabase);
