import { createPgliteTestDatabase } from '../testing/test-databases.ts';
import { describeStoreContract } from '../testing/store-contract.ts';

describeStoreContract('PGlite (embedded)', createPgliteTestDatabase);
