import { rosterVitestConfig } from '../../tools/vitest-config/vitest.shared.ts';

// One file at a time: each file starts its own databases (and slapd), and `npm test` runs every
// workspace at once on a 2-core machine.
export default rosterVitestConfig({ fileParallelism: false, testTimeout: 120_000 });
