import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { freePort } from '@roster/db/testing';
import { createLogger, loadConfig } from '@roster/runtime';
import { startServer, type RunningServer } from '../start-server.ts';
import { launchChromium } from './chromium.ts';

export const CONSOLE_ADMIN_TOKEN = 'console-test-admin-token-0123456789abcdef';

/** Where README's screenshots live; written when ROSTER_SCREENSHOTS=1 (`npm run screenshots`), else to a temp folder. */
const DOCS_SCREENSHOTS = fileURLToPath(new URL('../../../../docs/console/', import.meta.url));

/** A real server on a fresh PGlite folder with its console, and headless Chromium to drive it. */
export interface ConsoleHarness {
  readonly server: RunningServer;
  readonly url: string;
  readonly browser: Browser;
  /** GraphQL over HTTP as the operator (ADMIN_TOKEN), for arranging what a test needs; throws on errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** A new browser page that records console errors and failed requests; `signIn` uses the API token field. */
  open(path?: string, options?: { viewport?: { width: number; height: number } }): Promise<ConsolePage>;
  close(): Promise<void>;
}

export interface ConsolePage {
  readonly page: Page;
  /** Console errors, page errors and 5xx answers seen so far. */
  readonly problems: string[];
  signIn(token?: string): Promise<void>;
  /** axe-core on the page as it is now: the serious and critical violations (expected to be none). */
  expectAccessible(): Promise<void>;
  /** A full-page PNG under docs/console (ROSTER_SCREENSHOTS=1) or a temp folder; returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleHarness(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<ConsoleHarness> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'roster-console-'));
  const shots = process.env['ROSTER_SCREENSHOTS'] === '1' ? DOCS_SCREENSHOTS : join(dataDir, 'screenshots');
  const server = await startServer(
    loadConfig({ PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: url, ADMIN_TOKEN: CONSOLE_ADMIN_TOKEN, LOG_LEVEL: 'silent', ...env }),
    { logger: createLogger('silent') },
  );
  const browser = await launchChromium();
  const pages: ConsolePage[] = [];

  const gql = async (query: string, variables: Record<string, unknown> = {}, token = CONSOLE_ADMIN_TOKEN) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };

  const open = async (path = '/console/', options: { viewport?: { width: number; height: number } } = {}) => {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 500) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${url}${path}`);
    const consolePage: ConsolePage = {
      page,
      problems,
      async signIn(token = CONSOLE_ADMIN_TOKEN) {
        await page.getByLabel('API token').fill(token);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
      },
      async expectAccessible() {
        const { violations } = await new AxeBuilder({ page }).analyze();
        const serious = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect(serious, `accessibility violations at ${page.url()}`).toEqual([]);
      },
      async screenshot(name) {
        const file = join(shots, `${name}.png`);
        await mkdir(dirname(file), { recursive: true });
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        return file;
      },
      close: () => context.close(),
    };
    pages.push(consolePage);
    return consolePage;
  };

  return {
    server,
    url,
    browser,
    gql,
    open,
    async close() {
      await Promise.allSettled(pages.map((p) => p.close()));
      await browser.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
