import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the benchmark's child (our TypeScript, third-party packages left as imports) into
 * `node_modules/.cache` of this package, so it runs on plain node: peak RSS is then the sync's,
 * not that of a TypeScript loader thread (~130 MB here). Each module's `import.meta.url` keeps
 * naming its own source file, so files found relative to it (migrations, schema) are still found.
 */
export async function bundleChild(): Promise<string> {
  const outfile = fileURLToPath(new URL('../../node_modules/.cache/ldap-sync-bench/bench-child.mjs', import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL('./bench-child.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    logLevel: 'warning',
    plugins: [
      {
        name: 'roster-sources',
        setup(plugin) {
          plugin.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@roster/') ? undefined : { external: true }));
          plugin.onLoad({ filter: /\.ts$/ }, async (args) => ({
            contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  return outfile;
}
