import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, installed when missing (root, no prompt; parallel test processes take turns
 * through flock), launched headless by playwright-core. Background networking is off: this
 * machine's network is closed and Chromium would keep trying Google's hosts.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.getuid?.() !== 0)
      throw new Error('Chromium is not installed and the tests do not run as root to install it (apt-get install chromium).');
    const install = `test -x ${CHROMIUM} || { apt-get update -qq && apt-get install -y -qq chromium; }`;
    execFileSync('flock', ['/tmp/roster-chromium-install.lock', 'sh', '-c', install], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 900_000,
    });
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
