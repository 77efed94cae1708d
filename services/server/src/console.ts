import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { MountedService } from './app.ts';

export const CONSOLE_PATH = '/console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

// The console talks only to this origin (GraphQL over HTTP and WebSocket, /bim for sign-in) and
// loads nothing from anywhere else; no page may frame it.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

interface StaticFile {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzipped: Uint8Array<ArrayBuffer> | null;
  readonly type: string;
}

/** Where the built console is: apps/console/dist (`npm run build`, which `npm start` runs). */
export function consoleDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@roster/console/package.json')), 'dist');
}

/**
 * The Roster Console at /console/: the files Vite built, read once into memory (compressed once),
 * hashed assets cached for good, every other path the single-page app's index.html.
 */
export function createConsoleService(dir = consoleDistDir()): MountedService {
  let files: Map<string, StaticFile> | null = null;
  const load = () => (files ??= readDist(dir));
  return {
    path: CONSOLE_PATH,
    fetch(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return Response.json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'The console serves GET and HEAD.' } }, { status: 405 });
      const path = new URL(request.url).pathname.slice(CONSOLE_PATH.length);
      if (path === '') return new Response(null, { status: 301, headers: { location: `${CONSOLE_PATH}/` } });
      const built = load();
      const index = built.get('/index.html');
      if (!index)
        return Response.json(
          { error: { code: 'CONSOLE_NOT_BUILT', message: 'The console is not built: run `npm run build` (npm start does).' } },
          { status: 503 },
        );
      const asset = built.get(path);
      // A missing file is a 404; any other path is a page of the app, which routes it in the browser.
      if (!asset && /\.\w+$/.test(path))
        return Response.json({ error: { code: 'NOT_FOUND', message: `No console file ${path}` } }, { status: 404 });
      const file = asset ?? index;
      const cache = asset && path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const gzip = file.gzipped !== null && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
      const headers: Record<string, string> = {
        'content-type': file.type,
        'cache-control': cache,
        vary: 'accept-encoding',
        ...SECURITY_HEADERS,
      };
      if (gzip) headers['content-encoding'] = 'gzip';
      const body = gzip && file.gzipped ? file.gzipped : file.body;
      headers['content-length'] = String(body.byteLength);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    },
  };
}

function readDist(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (folder: string) => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return; // not built
    }
    for (const name of names) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const body = new Uint8Array(readFileSync(path));
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.byteLength > 1024;
      files.set(`/${relative(dir, path).split(sep).join('/')}`, {
        body,
        gzipped: compressible ? new Uint8Array(gzipSync(body)) : null,
        type,
      });
    }
  };
  walk(dir);
  return files;
}
