import { createPgliteTestDatabase } from '@roster/db/testing';
import { describePatchPropertySuite } from './testing/patch-property-suite.ts';

describePatchPropertySuite('PGlite', createPgliteTestDatabase, Number(process.env['SCIM_PROPERTY_RUNS'] ?? 25));
