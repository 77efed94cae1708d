import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleHarness, type ConsoleHarness } from './testing/console-browser.ts';

describe('Roster Console in headless Chromium: signing in, the frame, the boundary', () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(() => harness?.close());

  it('serves the built console at /console/ with its security headers, / leads there, unknown files are 404', async () => {
    const root = await fetch(`${harness.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const page = await fetch(`${harness.url}/console/users/some-id`, { headers: { 'accept-encoding': 'gzip' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${harness.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${harness.url}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${harness.url}/console/`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a wrong API token with the API code, signs in with a right one, signs out', async () => {
    const tab = await harness.open();
    await tab.page.getByRole('heading', { name: 'Roster Console' }).waitFor();
    await tab.expectAccessible();
    await tab.screenshot('sign-in');
    await tab.page.getByLabel('API token').fill('not-a-token');
    await tab.page.getByRole('button', { name: 'Sign in' }).click();
    const alert = tab.page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('UNAUTHENTICATED');
    await tab.signIn();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    // Reloading keeps the tab signed in (the token is in this tab's sessionStorage).
    await tab.page.reload();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    await tab.page.getByRole('button', { name: 'Sign out' }).click();
    await tab.page.getByLabel('API token').waitFor();
    expect(await tab.page.evaluate(() => sessionStorage.length)).toBe(0);
    // The one expected console error: the wrong token's 401.
    expect(tab.problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('works in a narrow window', async () => {
    const tab = await harness.open('/console/', { viewport: { width: 390, height: 800 } });
    await tab.signIn();
    await tab.page.getByRole('heading', { name: 'Identity managers' }).waitFor();
    const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await tab.expectAccessible();
    expect(tab.problems).toEqual([]);
  });
});
