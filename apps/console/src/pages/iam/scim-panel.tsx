import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { CopyField } from '../../components/copy-button.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { SecretOnce } from '../../components/secret-once.tsx';
import { takeScimToken } from './fresh-scim-token.ts';
import { RotateScimTokenMutation, UpdateIamMutation, type IamDetail } from './iam-documents.ts';

/** SCIM provisioning: on or off, the base URL, and the bearer token, shown only when it is made. */
export function ScimPanel({ iam, canConfigure }: { iam: IamDetail; canConfigure: boolean }) {
  // A token createIam returned just before this page opened is shown here, this once.
  const [token, setToken] = useState<string | null>(() => takeScimToken(iam.id));
  const [update, runUpdate] = useMutation(UpdateIamMutation);
  const [rotation, rotate] = useMutation(RotateScimTokenMutation);

  const setEnabled = async (enabled: boolean) => {
    const result = await runUpdate({ id: iam.id, input: { scim: { enabled } } });
    setToken(result.data?.updateIam.scimToken ?? null);
  };
  const regenerate = async () => {
    const result = await rotate({ iamId: iam.id });
    if (result.data) setToken(result.data.rotateScimToken.scimToken);
  };

  return (
    <div className="card">
      <h2>SCIM provisioning</h2>
      <p>
        <span className={iam.scim.enabled ? 'badge ok' : 'badge'}>{iam.scim.enabled ? 'SCIM on' : 'SCIM off'}</span>{' '}
        {iam.scim.enabled
          ? 'The IdP creates, updates and deactivates users and groups over SCIM 2.0.'
          : 'Turn SCIM on to let the IdP provision users and groups.'}
      </p>
      {iam.scim.enabled && <CopyField label="SCIM base URL" value={iam.scim.url} />}
      {iam.scim.enabled && !token && (
        <p className="muted">
          {iam.scim.hasToken ? 'A token is set; it is never shown again. Regenerate it to get a new one.' : 'No token is set.'}
        </p>
      )}
      {token && <SecretOnce label="SCIM bearer token" value={token} />}
      {update.error && <ErrorView error={update.error} />}
      {rotation.error && <ErrorView error={rotation.error} />}
      {canConfigure && (
        <div className="actions">
          {!iam.scim.enabled && (
            <Button className="react-aria-Button primary" onPress={() => void setEnabled(true)} isDisabled={update.fetching}>
              Enable SCIM
            </Button>
          )}
          {iam.scim.enabled && (
            <>
              <ConfirmButton label="Regenerate token" title="Regenerate the SCIM token?" confirmLabel="Regenerate" onConfirm={regenerate}>
                The current token stops working at once; the IdP needs the new one.
              </ConfirmButton>
              <ConfirmButton label="Disable SCIM" title="Disable SCIM?" confirmLabel="Disable" onConfirm={() => setEnabled(false)}>
                The IdP can no longer provision users; the token stops working.
              </ConfirmButton>
            </>
          )}
        </div>
      )}
    </div>
  );
}
