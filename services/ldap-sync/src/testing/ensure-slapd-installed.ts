import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';

/**
 * Makes sure OpenLDAP's server and tools are installed, installing the Debian packages when they
 * are missing (root, no prompt). Returns at once when they are there.
 */
export function ensureSlapdInstalled(): void {
  if (existsSync(SLAPD) && existsSync(SLAPADD) && existsSync('/etc/ldap/schema/inetorgperson.schema')) return;
  if (process.getuid?.() !== 0)
    throw new Error('OpenLDAP (slapd, ldap-utils) is not installed and the tests do not run as root to install it.');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Several test processes (workspaces run in parallel) may get here at once: flock makes them take
  // turns, and whoever comes second finds the packages installed and does nothing.
  const install = `test -x ${SLAPD} && test -x ${SLAPADD} || { apt-get update -qq && apt-get install -y -qq slapd ldap-utils; }`;
  execFileSync('flock', ['/tmp/roster-slapd-install.lock', 'sh', '-c', install], { stdio: 'ignore', env, timeout: 900_000 });
}
