import type { Iam, LdapConfig, Roster } from '@roster/core';
import { userSearchFilter } from '../sync/sync-context.ts';
import { connectDirectory, type Directory } from './ldap-directory.ts';

/** One step of a connection test, as an administrator reads it. */
export interface LdapConnectionStep {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
  readonly durationMs: number;
}

const SAMPLE = 5;

/**
 * Diagnoses an LDAP IAM's saved settings against the real directory: connect and bind, then a
 * sample of the users the sync would read (the IAM's filter and the sync's filter together).
 */
export async function testLdapConnection(
  roster: Roster,
  iam: Iam & { type: 'LDAP'; config: LdapConfig },
  timeoutMs = 10_000,
): Promise<LdapConnectionStep[]> {
  const { config } = iam;
  const steps: LdapConnectionStep[] = [];
  let directory: Directory | null = null;
  const step = async (name: string, work: () => Promise<string>): Promise<boolean> => {
    const started = performance.now();
    try {
      steps.push({ name, ok: true, message: await work(), durationMs: Math.round(performance.now() - started) });
      return true;
    } catch (error) {
      steps.push({
        name,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        durationMs: Math.round(performance.now() - started),
      });
      return false;
    }
  };
  try {
    const bound = await step('bind', async () => {
      if (!config.url) throw new Error('No directory URL is configured.');
      directory = await connectDirectory({
        url: config.url,
        startTls: config.startTls,
        caCertificate: config.caCertificate,
        tlsVerify: config.tlsVerify,
        bindDn: config.bindDn,
        bindPassword: await roster.openIamSecret(iam, 'bindPassword'),
        connectTimeoutMs: timeoutMs,
        operationTimeoutMs: timeoutMs,
      });
      return `Connected to ${config.url}${config.bindDn ? ` and bound as ${config.bindDn}` : ' (anonymous)'}.`;
    });
    if (bound) {
      await step('user search', async () => {
        if (!config.userBaseDn) throw new Error('No user base DN is configured.');
        const filter = userSearchFilter(config, null);
        for await (const page of directory!.search({
          base: config.userBaseDn,
          filter,
          attributes: [config.userIdAttribute],
          pageSize: SAMPLE,
        })) {
          const ids = page.map((entry) => entry.attributes[config.userIdAttribute]?.[0] ?? entry.dn);
          return `${filter} under ${config.userBaseDn} finds users, e.g. ${ids.slice(0, SAMPLE).join(', ') || '(none)'}.`;
        }
        return `${filter} under ${config.userBaseDn} finds no users.`;
      });
    }
    return steps;
  } finally {
    await (directory as Directory | null)?.close();
  }
}
