import { rosterVitestConfig } from '../../tools/vitest-config/vitest.shared.ts';

export default rosterVitestConfig();
