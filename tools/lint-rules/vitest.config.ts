import { rosterVitestConfig } from '../vitest-config/vitest.shared.ts';

export default rosterVitestConfig({ testTimeout: 120_000 });
