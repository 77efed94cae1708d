import { Button } from 'react-aria-components';
import { useMutation } from 'urql';
import { CopyField } from '../../components/copy-button.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { formatDateTime } from '../../components/format.ts';
import { StartTestUserLoginMutation, TestConnectionMutation, type IamDetail } from './iam-documents.ts';

/** What to enter at the IdP, whether logins can work yet, and the two tests. */
export function ConnectionPanel({ iam, canTest }: { iam: IamDetail; canTest: boolean }) {
  const [test, runTest] = useMutation(TestConnectionMutation);
  const [login, startLogin] = useMutation(StartTestUserLoginMutation);
  const urls = [
    { label: iam.type === 'SAML' ? 'ACS URL (assertion consumer service)' : 'Redirect URI', value: iam.ssoCallbackUrl },
    ...(iam.type === 'SAML'
      ? [
          { label: 'SP entity ID (audience)', value: iam.samlEntityId },
          { label: 'Single logout URL', value: iam.samlSingleLogoutServiceUrl },
          { label: 'SP metadata URL', value: iam.samlMetadataUrl },
        ]
      : []),
    ...(iam.scim.enabled ? [{ label: 'SCIM base URL', value: iam.scim.url }] : []),
  ].filter((u): u is { label: string; value: string } => Boolean(u.value));
  const testLogin = async () => {
    const result = await startLogin({ iamId: iam.id });
    const url = result.data?.startTestUserLogin.loginUrl;
    if (url) window.open(url, '_blank', 'noopener');
  };
  const steps = test.data?.testIamConnection;

  return (
    <>
      {iam.type !== 'LDAP' && (
        <div className="card">
          <h2>Enter at the identity provider</h2>
          {urls.map((u) => (
            <CopyField key={u.label} label={u.label} value={u.value} />
          ))}
        </div>
      )}
      <div className="card">
        <h2>Login readiness</h2>
        {iam.loginReadiness.ready ? (
          <p>
            <span className="badge ok">Ready</span> Users can log in through this IAM.
          </p>
        ) : (
          <>
            <p>
              <span className="badge warn">Not ready</span> Missing before users can log in:
            </p>
            <ul className="missing">
              {iam.loginReadiness.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      {canTest && (
        <div className="card">
          <h2>Tests</h2>
          <p className="muted">Test Connection checks the saved settings against the real IdP or directory.</p>
          <div className="toolbar">
            <Button onPress={() => void runTest({ id: iam.id })} isDisabled={test.fetching}>
              {test.fetching ? 'Testing…' : 'Test Connection'}
            </Button>
            {iam.type !== 'LDAP' && (
              <Button onPress={() => void testLogin()} isDisabled={login.fetching}>
                Test User Login
              </Button>
            )}
          </div>
          {test.error && <ErrorView error={test.error} title="The test could not run" />}
          {steps && (
            <section aria-label="Connection test result">
              <p role="status">
                <span className={steps.ok ? 'badge ok' : 'badge bad'}>{steps.ok ? 'Connection OK' : 'Connection failed'}</span>
              </p>
              <ol className="steps">
                {steps.steps.map((step) => (
                  <li key={step.name}>
                    <span className={step.ok ? 'badge ok' : 'badge bad'}>{step.ok ? 'ok' : 'failed'}</span> <strong>{step.name}</strong>{' '}
                    {step.message} <span className="muted">({step.durationMs} ms)</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {login.error && <ErrorView error={login.error} title="The test login could not start" />}
          {login.data && (
            <p role="status">
              A test login opened in a new tab; it shows what Roster receives from the IdP (until{' '}
              {formatDateTime(login.data.startTestUserLogin.expiresAt)}). Blocked?{' '}
              <a href={login.data.startTestUserLogin.loginUrl} target="_blank" rel="noopener noreferrer">
                Open the test login
              </a>
            </p>
          )}
        </div>
      )}
    </>
  );
}
