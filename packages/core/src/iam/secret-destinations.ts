import { RosterError } from '../errors.ts';
import type { CreatableIamType } from './iam-input.ts';

type Config = Readonly<Record<string, unknown>>;

/**
 * Where each stored secret is sent, as a comparable value: a secret entered for one destination
 * is never sent to another. An LDAP bind password goes to the directory's scheme, host and port
 * under its TLS settings (an `ldaps` URL changed to a plain listener elsewhere would otherwise
 * receive it in clear); an OIDC client secret goes to the token endpoint, which the issuer or the
 * discovery document names. SAML's secrets are Roster's own private keys and go nowhere.
 */
const DESTINATIONS: Record<CreatableIamType, Readonly<Record<string, (config: Config) => unknown>>> = {
  LDAP: {
    bindPassword: (config) => ({
      server: ldapServer(config['url']),
      startTls: config['startTls'] ?? false,
      tlsVerify: config['tlsVerify'] ?? true,
      caCertificate: config['caCertificate'] ?? null,
    }),
  },
  OIDC: {
    clientSecret: (config) => ({
      discoveryUrl: config['discoveryUrl'] ?? null,
      issuer: config['issuer'] ?? null,
      tokenEndpoint: config['tokenEndpoint'] ?? null,
    }),
  },
  SAML: {},
};

/**
 * Refuses a change that keeps a stored secret (not given again in the same input) while moving
 * where that secret is sent: VALIDATION_FAILED naming the secret and what moved.
 */
export function assertSecretsStayBound(
  type: CreatableIamType,
  stored: Config,
  next: Config,
  keptSecrets: readonly string[],
  kindKey: string,
): void {
  for (const field of keptSecrets) {
    const destination = DESTINATIONS[type][field];
    if (!destination) continue;
    const before = destination(stored);
    const after = destination(next);
    const moved = Object.keys(before as object).filter((key) => (before as Config)[key] !== (after as Config)[key]);
    if (moved.length === 0) continue;
    const path = `${kindKey}.${field}`;
    const message = `${moved.map((key) => `${kindKey}.${key === 'server' ? 'url' : key}`).join(', ')} changed where the stored ${field} is sent; give ${path} again in the same change.`;
    throw new RosterError('VALIDATION_FAILED', message, { details: { issues: [{ path, message }] } });
  }
}

/** `ldaps://DC.corp:636/dc=corp` -> `ldaps://dc.corp:636`: scheme, host and port, defaults filled in. */
function ldapServer(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'ldaps:' ? '636' : '389');
    return `${parsed.protocol}//${parsed.hostname.toLowerCase()}:${port}`;
  } catch {
    return url;
  }
}
