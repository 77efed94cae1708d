/**
 * Roster's architecture rules (../shared/docs/ARCHITECTURE.md), enforced by `npm run lint`.
 * Workspaces import each other by package name (`@roster/db`); the rules match the resolved
 * files, so `packages/db/src/...` is "db" however it was reached.
 */
const TESTS = '(\\.test\\.ts$|/testing/|/bench/)';
/**
 * Entry points wire storage, secrets and services together; nothing else may. packages/runtime
 * is the one place that wiring is written; the server and the tools call it.
 */
const ENTRY_POINTS = '^(services/server/|tools/|packages/runtime/)';

module.exports = {
  forbidden: [
    {
      name: 'core-is-self-contained',
      comment: 'packages/core is the runtime-free domain: it imports no workspace of ours and no Node.js built-in.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: {
        path: '^(packages/(?!core/)|services/|tools/)|^node:|^(fs|path|crypto|http|net|os|child_process|stream|url)$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'packages-import-no-service',
      comment: 'Libraries (packages/*) never depend on a service or a tool.',
      severity: 'error',
      from: { path: '^packages/', pathNot: 'vitest\\.config\\.ts$' },
      to: { path: '^(services|tools)/' },
    },
    {
      name: 'services-import-no-other-service',
      comment: 'A service (graphql, scim, ldap-sync) never imports another; the server mounts them side by side.',
      severity: 'error',
      from: { path: '^services/(graphql|scim|ldap-sync)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'storage-only-through-core',
      comment:
        "SCIM, LDAP sync, GraphQL and SSO reach storage only through core's ports (GraphQL reads through core's read port); only entry points (and tests) wire packages/db or Prisma.",
      severity: 'error',
      from: { path: '^(services/(scim|ldap-sync|graphql)|packages/sso)/', pathNot: `${TESTS}|${ENTRY_POINTS}` },
      to: { path: '^(packages/db/|node_modules/(@prisma/|\\.prisma/|prisma/))' },
    },
    {
      name: 'runtime-only-at-entry-points',
      comment:
        'packages/runtime opens the database and holds the sealing key: only entry points (the server, tools) and tests start Roster with it; libraries and services are handed what they need.',
      severity: 'error',
      from: { path: '^(packages|services)/', pathNot: `${TESTS}|${ENTRY_POINTS}` },
      to: { path: '^packages/runtime/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make load order matter and hide layering mistakes (cycles of type-only imports are harmless).',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Prisma's packages stay in the graph (unfollowed), so the storage rule can see who imports them.
    exclude: { path: '(^|/)(dist|generated)/|(^|/)node_modules/(?!@prisma/|\\.prisma/|prisma/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'default'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
