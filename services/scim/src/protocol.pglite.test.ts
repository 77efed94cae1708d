import { createPgliteTestDatabase } from '@roster/db/testing';
import { describeProtocolSuite } from './testing/protocol-suite.ts';

describeProtocolSuite('PGlite', createPgliteTestDatabase);
