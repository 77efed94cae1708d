import { parseArgs } from 'node:util';
import { ldapSync } from './ldap-sync-command.ts';

// `npm run cli -- <command>`; one command today: `ldap sync --iam <id> [--full] [--force]`.
const USAGE = 'usage: npm run cli -- ldap sync --iam <id> [--full] [--force]\n';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    iam: { type: 'string' },
    full: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || positionals.join(' ') !== 'ldap sync' || !values.iam) {
  process.stderr.write(USAGE);
  process.exit(values.help ? 0 : 2);
}
process.exitCode = await ldapSync({ iamId: values.iam, full: values.full, force: values.force });
