import { CopyButton } from './copy-button.tsx';

/** A secret the API shows this once (SCIM token, API token, webhook secret): copy it now. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  return (
    <div className="secret" role="status">
      <strong>{label}</strong>
      <code data-testid="secret-value">{value}</code>
      <p className="muted">Copy it now: Roster keeps only its hash (or a sealed copy) and will not show it again.</p>
      <CopyButton value={value} label={`Copy ${label}`} />
    </div>
  );
}
