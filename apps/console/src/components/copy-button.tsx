import { useState } from 'react';
import { Button } from 'react-aria-components';

/** Copies a value to the clipboard and says so; for URLs and one-time secrets. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  // Visible "Copy"; the accessible name says what is copied.
  const [copied, setCopied] = useState(false);
  return (
    <Button
      className="react-aria-Button quiet"
      aria-label={label}
      onPress={() => {
        void navigator.clipboard.writeText(value).then(
          () => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          },
          () => setCopied(false),
        );
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}

/** A read-only value the administrator copies into the IdP, with its copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <div className="copy-field">
      <span className="copy-field-label">{label}</span>
      <code className="copy-field-value">{value}</code>
      <CopyButton value={value} label={`Copy ${label}`} />
    </div>
  );
}
