import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run lint` is what keeps the architecture and the promise rules; these probes prove it
 * refuses what they forbid (and accepts what they allow), so a config edit cannot switch a rule
 * off unnoticed.
 */
const repo = resolve(import.meta.dirname, '../../..');

describe('eslint (the repository config, type-aware)', () => {
  const probe = 'packages/core/src/lint-probe.ts';
  // The probe is linted from memory; the default project gives it the types a real file would have.
  const eslint = new ESLint({
    cwd: repo,
    overrideConfig: { languageOptions: { parserOptions: { projectService: { allowDefaultProject: [probe] } } } },
  });
  const ruleIds = async (code: string) => (await eslint.lintText(code, { filePath: probe }))[0]!.messages.map((m) => m.ruleId);

  it('refuses a floating promise', async () => {
    expect(await ruleIds('async function work(): Promise<void> {}\nexport function run(): void {\n  work();\n}\n')).toEqual([
      '@typescript-eslint/no-floating-promises',
    ]);
  });

  it('refuses a promise where a boolean is expected', async () => {
    expect(await ruleIds('export function check(ready: () => Promise<boolean>): number {\n  return ready() ? 1 : 0;\n}\n')).toEqual([
      '@typescript-eslint/no-misused-promises',
    ]);
  });

  it('refuses a switch that forgets a case', async () => {
    const code = [
      "export function label(kind: 'a' | 'b'): string {",
      '  switch (kind) {',
      "    case 'a':",
      "      return 'A';",
      '  }',
      "  return '';",
      '}',
      '',
    ].join('\n');
    expect(await ruleIds(code)).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
  });

  it('accepts the same code written correctly', async () => {
    expect(
      await ruleIds('async function work(): Promise<void> {}\nexport async function run(): Promise<void> {\n  await work();\n}\n'),
    ).toEqual([]);
  });
});

describe('dependency-cruiser (the repository rules)', () => {
  // A miniature of the monorepo: the rules match paths, so each probe sits where a real file would.
  let root: string;
  const rules = createRequire(import.meta.url)(join(repo, '.dependency-cruiser.cjs')) as {
    forbidden: ICruiseOptions['ruleSet'] extends infer R ? (R extends { forbidden?: infer F } ? F : never) : never;
    options: ICruiseOptions;
  };

  function write(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'roster-lint-'));
    for (const name of ['core', 'db', 'sso', 'runtime']) {
      write(
        `packages/${name}/package.json`,
        JSON.stringify({ name: `@roster/${name}`, type: 'module', exports: { '.': { source: './src/index.ts' } } }),
      );
      write(`packages/${name}/src/index.ts`, 'export const value = 1;\n');
      mkdirSync(join(root, 'node_modules/@roster'), { recursive: true });
      symlinkSync(join(root, `packages/${name}`), join(root, `node_modules/@roster/${name}`));
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function violations(files: Record<string, string>): Promise<string[]> {
    for (const [path, text] of Object.entries(files)) write(path, text);
    const { tsConfig: _tsConfig, ...options } = rules.options;
    const result = await cruise(Object.keys(files), { ...options, baseDir: root, validate: true, ruleSet: { forbidden: rules.forbidden } });
    if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text');
    return result.output.summary.violations.map((v: IViolation) => `${v.rule.name} ${v.from} -> ${v.to}`).sort();
  }

  it('refuses core importing another workspace or a Node built-in', async () => {
    expect(
      await violations({
        'packages/core/src/uses-db.ts': "import { value } from '@roster/db';\nexport const twice = value * 2;\n",
        'packages/core/src/uses-fs.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      }),
    ).toEqual([
      'core-is-self-contained packages/core/src/uses-db.ts -> packages/db/src/index.ts',
      'core-is-self-contained packages/core/src/uses-fs.ts -> fs', // dependency-cruiser names built-ins without `node:`
    ]);
  });

  it('refuses a service importing another service, and a package importing a service', async () => {
    write('services/scim/src/scim.ts', 'export const scim = 1;\n');
    expect(
      await violations({
        'services/graphql/src/uses-scim.ts': "import { scim } from '../../scim/src/scim.ts';\nexport const s = scim;\n",
        'packages/sso/src/uses-scim.ts': "import { scim } from '../../../services/scim/src/scim.ts';\nexport const s = scim;\n",
      }),
    ).toEqual([
      'packages-import-no-service packages/sso/src/uses-scim.ts -> services/scim/src/scim.ts',
      'services-import-no-other-service services/graphql/src/uses-scim.ts -> services/scim/src/scim.ts',
    ]);
  });

  it('lets only entry points and tests wire storage', async () => {
    const importDb = "import { value } from '@roster/db';\nexport const v = value;\n";
    expect(
      await violations({
        'services/scim/src/users/store.ts': importDb,
        'services/ldap-sync/src/sync/store.ts': importDb,
        'packages/sso/src/store.ts': importDb,
        'services/scim/src/main.ts': importDb,
        'services/scim/src/users/store.test.ts': importDb,
        'services/server/src/wire.ts': importDb,
        'packages/runtime/src/open.ts': importDb,
      }),
    ).toEqual([
      'storage-only-through-core packages/sso/src/store.ts -> packages/db/src/index.ts',
      'storage-only-through-core services/ldap-sync/src/sync/store.ts -> packages/db/src/index.ts',
      'storage-only-through-core services/scim/src/main.ts -> packages/db/src/index.ts',
      'storage-only-through-core services/scim/src/users/store.ts -> packages/db/src/index.ts',
    ]);
  });

  it('lets only entry points and tests start Roster through the runtime', async () => {
    const importRuntime = "import { value } from '@roster/runtime';\nexport const v = value;\n";
    expect(
      await violations({
        'services/scim/src/users/open.ts': importRuntime,
        'services/ldap-sync/src/main.ts': importRuntime,
        'packages/db/src/open.ts': importRuntime,
        'services/ldap-sync/src/sync/open.test.ts': importRuntime,
        'services/server/src/start.ts': importRuntime,
        'tools/cli/src/open.ts': importRuntime,
      }),
    ).toEqual([
      'runtime-only-at-entry-points packages/db/src/open.ts -> packages/runtime/src/index.ts',
      'runtime-only-at-entry-points services/ldap-sync/src/main.ts -> packages/runtime/src/index.ts',
      'runtime-only-at-entry-points services/scim/src/users/open.ts -> packages/runtime/src/index.ts',
    ]);
  });

  it('refuses an import cycle but not a cycle of type-only imports', async () => {
    const found = await violations({
      'packages/core/src/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'packages/core/src/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      'packages/core/src/c.ts': "import type { D } from './d.ts';\nexport interface C { d?: D }\n",
      'packages/core/src/d.ts': "import type { C } from './c.ts';\nexport interface D { c?: C }\n",
    });
    // One report per cycle, at the file the cruise met first; none for c.ts <-> d.ts.
    expect(found).toEqual(['no-circular packages/core/src/a.ts -> packages/core/src/b.ts']);
  });
});
