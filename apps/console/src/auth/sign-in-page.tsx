import { useState, type FormEvent } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import type { ApiError } from '../api/api-error.ts';
import { ErrorView } from '../components/error-view.tsx';
import type { LoginOption } from './login-options.ts';

/**
 * Sign in with an API token, or through an SSO IAM (see login-options.ts). An SSO login comes back
 * to the page it started from with the session cookie.
 */
export function SignInPage({
  onToken,
  refusal,
  options,
}: {
  onToken: (token: string) => Promise<void>;
  refusal: ApiError | null;
  options: readonly LoginOption[];
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onToken(token.trim());
    } finally {
      setBusy(false);
    }
  };
  const returnTo = window.location.pathname + window.location.search;

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1>Roster Console</h1>
        <p className="muted">Sign in to manage identity providers, users, groups and provisioning.</p>
        {refusal && <ErrorView error={refusal} title="Could not sign in" />}
        <Form onSubmit={(e) => void submit(e)}>
          <TextField isRequired value={token} onChange={setToken} type="password" autoComplete="off">
            <Label>API token</Label>
            <Input />
          </TextField>
          <Button type="submit" isDisabled={busy || token.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Form>
        {options.length > 0 && (
          <section aria-labelledby="sso-heading" className="sso-options">
            <h2 id="sso-heading">Or sign in with your identity provider</h2>
            <ul>
              {options.map((option) => (
                <li key={option.id}>
                  <a className="button-link" href={`${option.loginUrl}?returnTo=${encodeURIComponent(returnTo)}`}>
                    {option.displayName} <span className="muted">({option.type})</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
