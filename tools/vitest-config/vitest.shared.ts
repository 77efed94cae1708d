import { createRequire } from 'node:module';
import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition); the
// default conditions stay, so every other package resolves exactly as Node resolves it.
const conditions = ['source', ...defaultServerConditions];
// graphql ships CommonJS and ESM builds; everything must share one (Node's), or instanceof fails.
const graphql = createRequire(import.meta.url).resolve('graphql');

/** The configuration of a workspace whose tests talk to databases and real protocol peers. */
export function rosterVitestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    resolve: { conditions, alias: [{ find: /^graphql$/, replacement: graphql }] },
    ssr: { resolve: { conditions } },
    test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, ...overrides },
  });
}
