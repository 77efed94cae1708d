import { createPostgresTestDatabase } from '@roster/db/testing';
import { describePatchPropertySuite } from './testing/patch-property-suite.ts';

describePatchPropertySuite('PostgreSQL', createPostgresTestDatabase, Number(process.env['SCIM_PROPERTY_RUNS'] ?? 25));
