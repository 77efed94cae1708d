import { createPostgresTestDatabase } from '../testing/test-databases.ts';
import { describeStoreContract } from '../testing/store-contract.ts';

describeStoreContract('PostgreSQL', createPostgresTestDatabase);
